"""Nurse console users and the notes they write."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, validates

from bot.db.models.base import Base, CreatedAtMixin, str_enum
from bot.db.models.enums import NurseRole


class NurseUser(CreatedAtMixin, Base):
    __tablename__ = "nurse_users"
    __table_args__ = (
        # Lower-cased so the unique index also makes logins case-insensitive.
        sa.CheckConstraint("email = lower(email)", name="email_lower_case"),
        sa.CheckConstraint("failed_logins >= 0", name="failed_logins_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(100))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[NurseRole] = mapped_column(
        str_enum(NurseRole, "role"),
        default=NurseRole.NURSE,
        server_default=NurseRole.NURSE.value,
    )
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    failed_logins: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]

    @validates("email")
    def _normalise_email(self, _key: str, email: str) -> str:
        return email.strip().lower()

    def __repr__(self) -> str:
        return f"<NurseUser id={self.id} role={self.role}>"


class NurseNote(CreatedAtMixin, Base):
    __tablename__ = "nurse_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    # RESTRICT: a note keeps its author; deactivate nurses instead of deleting them.
    nurse_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nurse_users.id", ondelete="RESTRICT"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)

    def __repr__(self) -> str:
        return f"<NurseNote id={self.id} patient_id={self.patient_id}>"
