"""Patients' quiet hours for reminders, and the reminder worker's APScheduler job table.

The job table is APScheduler 3's own layout (SQLAlchemyJobStore). Creating it here, rather than
letting each worker create it on start, stops two workers starting together on a fresh database
from racing to create it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("patients") as batch:
        batch.add_column(sa.Column("quiet_hours_start", sa.Time(), nullable=True))
        batch.add_column(sa.Column("quiet_hours_end", sa.Time(), nullable=True))
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(191), primary_key=True),
        sa.Column("next_run_time", sa.Float(25), index=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table("apscheduler_jobs", if_exists=True)
    with op.batch_alter_table("patients") as batch:
        batch.drop_column("quiet_hours_end")
        batch.drop_column("quiet_hours_start")
