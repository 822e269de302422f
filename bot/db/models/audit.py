"""The append-only audit trail: who did what to which patient, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, utcnow


class AuditEntry(Base):
    """One audit record. The database refuses UPDATE and DELETE on this table (triggers).

    `patient_id` is deliberately not a foreign key: ON DELETE SET NULL would be an UPDATE the
    triggers refuse, and the trail must outlive the patient row anyway.
    """

    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_patient_id_occurred_at", "patient_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(
        default=utcnow, server_default=sa.func.now(), index=True
    )
    # "nurse:3", "system", "action_server", ...
    actor: Mapped[str] = mapped_column(sa.String(64))
    action: Mapped[str] = mapped_column(sa.String(64))
    patient_id: Mapped[int | None]
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    def __repr__(self) -> str:
        return f"<AuditEntry id={self.id} actor={self.actor} action={self.action}>"


# The migration installs the same triggers with its own frozen copy of this SQL; these listeners
# only cover databases built with `Base.metadata.create_all` (throwaway test databases).
_SQLITE_TRIGGERS = (
    (
        "CREATE TRIGGER audit_log_reject_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed'); END"
    ),
    (
        "CREATE TRIGGER audit_log_reject_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE is not allowed'); END"
    ),
)
_POSTGRES_TRIGGERS = (
    (
        "CREATE OR REPLACE FUNCTION audit_log_reject_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION USING MESSAGE = 'audit_log is append-only: ' || TG_OP "
        "|| ' is not allowed'; END; $$"
    ),
    (
        "CREATE TRIGGER audit_log_reject_update_delete BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change()"
    ),
    (
        "CREATE TRIGGER audit_log_reject_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change()"
    ),
)


def _only_on(dialect: str, statement: str) -> sa.ExecutableDDLElement:
    return sa.DDL(statement).execute_if(dialect=dialect)  # type: ignore[no-untyped-call]


for _statement in _SQLITE_TRIGGERS:
    sa.event.listen(AuditEntry.__table__, "after_create", _only_on("sqlite", _statement))
for _statement in _POSTGRES_TRIGGERS:
    sa.event.listen(AuditEntry.__table__, "after_create", _only_on("postgresql", _statement))
sa.event.listen(
    AuditEntry.__table__,
    "after_drop",
    _only_on("postgresql", "DROP FUNCTION IF EXISTS audit_log_reject_change()"),
)
