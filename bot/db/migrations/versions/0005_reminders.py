"""The reminder loop over SMS: snoozed doses and refill reminders.

- `dose_events.snoozed_until_utc`: a patient who replied SNOOZE is texted once more at this
  instant; the dose is due again then, through the same claim as the first text.
- `medications.refill_cycle` counts the pill counts the patient has given (the refill reminder's
  idempotency key names it, so one supply gets one reminder); `refill_reminded_at` records when
  that reminder went out.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dose_events") as batch:
        batch.add_column(sa.Column("snoozed_until_utc", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("medications") as batch:
        batch.add_column(
            sa.Column("refill_cycle", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch.add_column(sa.Column("refill_reminded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("medications") as batch:
        batch.drop_column("refill_reminded_at")
        batch.drop_column("refill_cycle")
    with op.batch_alter_table("dose_events") as batch:
        batch.drop_column("snoozed_until_utc")
