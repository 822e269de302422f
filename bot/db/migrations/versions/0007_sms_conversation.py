"""SMS that belong to one conversation.

- `sms_messages.conversation_id`: the conversation a message was sent in (a nurse's reply), so
  its transcript shows it and the patient's other conversations do not. NULL for what the
  clinic texts on its own (reminders, follow-ups); existing rows stay NULL.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sms_messages") as batch:
        batch.add_column(sa.Column("conversation_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_sms_messages_conversation_id_conversations"),
            "conversations",
            ["conversation_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(
            op.f("ix_sms_messages_conversation_id"), ["conversation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sms_messages") as batch:
        batch.drop_index(op.f("ix_sms_messages_conversation_id"))
        batch.drop_constraint(
            op.f("fk_sms_messages_conversation_id_conversations"), type_="foreignkey"
        )
        batch.drop_column("conversation_id")
