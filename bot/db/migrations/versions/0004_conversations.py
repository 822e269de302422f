"""Hand-offs for urgent call-backs: the conversation flows queue one for every `urgent` triage.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REASONS = (
    "patient_request",
    "emergency",
    "red_flag",
    "triage_unavailable",
    "missed_doses",
    "followup_worse",
)
NEW_REASONS = ("urgent_callback",)


def _swap_reason_check(values: Sequence[str]) -> None:
    allowed = ", ".join(f"'{value}'" for value in values)
    with op.batch_alter_table("handoffs") as batch:
        batch.drop_constraint(op.f("ck_handoffs_reason"), type_="check")
        batch.create_check_constraint(op.f("ck_handoffs_reason"), sa.text(f"reason IN ({allowed})"))


def upgrade() -> None:
    _swap_reason_check(REASONS + NEW_REASONS)


def downgrade() -> None:
    op.execute(
        sa.text("UPDATE handoffs SET reason = 'patient_request' WHERE reason = 'urgent_callback'")
    )
    _swap_reason_check(REASONS)
