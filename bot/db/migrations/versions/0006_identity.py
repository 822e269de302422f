"""Identity over web chat and a finished intake.

- `one_time_codes`: codes texted to a number so a web-chat patient proves they hold it (keyed
  hash only, bound to one conversation, expiring, a limited number of tries).
- `patients.intake_completed_at`: when every intake question had been answered.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("patients") as batch:
        batch.add_column(
            sa.Column("intake_completed_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "one_time_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("phone_e164", sa.String(length=16), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_one_time_codes_patient_id_patients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_one_time_codes")),
    )
    for column in ("sender_id", "phone_e164", "patient_id"):
        op.create_index(
            op.f(f"ix_one_time_codes_{column}"), "one_time_codes", [column], unique=False
        )


def downgrade() -> None:
    for column in ("patient_id", "phone_e164", "sender_id"):
        op.drop_index(op.f(f"ix_one_time_codes_{column}"), table_name="one_time_codes")
    op.drop_table("one_time_codes")
    with op.batch_alter_table("patients") as batch:
        batch.drop_column("intake_completed_at")
