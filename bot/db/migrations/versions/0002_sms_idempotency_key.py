"""SMS outbox: an idempotency key, so one reminder or follow-up is never texted twice.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sms_messages") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(op.f("uq_sms_messages_idempotency_key"), ["idempotency_key"])


def downgrade() -> None:
    with op.batch_alter_table("sms_messages") as batch:
        batch.drop_constraint(op.f("uq_sms_messages_idempotency_key"), type_="unique")
        batch.drop_column("idempotency_key")
