"""Initial schema: patients, conversations, medications and doses, triage, SMS, nurses, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Hand-checked on SQLite and PostgreSQL. Everything here is a frozen copy: the vocabularies in
the CHECK constraints and the trigger SQL must not be imported from the models, which will move on.
Rasa's `events` table shares the database and is never touched.

Note for later migrations: a SQLite batch operation on `audit_log` rebuilds the table, which
drops its triggers; such a migration must create them again.
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _one_of(table: str, column: str, *values: str) -> sa.CheckConstraint:
    """The CHECK that the models' `str_enum(..., column)` declares, frozen at these values."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=op.f(f"ck_{table}_{column}"))


def _created_at() -> sa.Column[datetime]:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def _updated_at() -> sa.Column[datetime]:
    return sa.Column(
        "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def _fk(column: str, target: str, ondelete: str, table: str) -> sa.ForeignKeyConstraint:
    referred_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], ondelete=ondelete, name=op.f(f"fk_{table}_{column}_{referred_table}")
    )


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


SQLITE_AUDIT_TRIGGERS = (
    (
        "CREATE TRIGGER audit_log_reject_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed'); END"
    ),
    (
        "CREATE TRIGGER audit_log_reject_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE is not allowed'); END"
    ),
)
POSTGRES_AUDIT_TRIGGERS = (
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


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "occurred_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        # Not a foreign key: the trail outlives the patient row (see the model).
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        _pk("audit_log"),
    )
    op.create_index("ix_audit_log_occurred_at", "audit_log", ["occurred_at"])
    op.create_index(
        "ix_audit_log_patient_id_occurred_at", "audit_log", ["patient_id", "occurred_at"]
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_AUDIT_TRIGGERS:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in POSTGRES_AUDIT_TRIGGERS:
            op.execute(statement)
    else:
        raise NotImplementedError(f"audit_log triggers are not written for {dialect}")

    op.create_table(
        "nurse_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=32), server_default="nurse", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        _created_at(),
        _pk("nurse_users"),
        sa.UniqueConstraint("email", name=op.f("uq_nurse_users_email")),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_nurse_users_email_lower_case")),
        sa.CheckConstraint(
            "failed_logins >= 0", name=op.f("ck_nurse_users_failed_logins_not_negative")
        ),
        _one_of("nurse_users", "role", "nurse", "admin"),
    )

    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("phone_e164", sa.String(length=16), nullable=True),
        sa.Column("phone_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("time_zone", sa.String(length=64), server_default="UTC", nullable=False),
        sa.Column("language", sa.String(length=16), server_default="en", nullable=False),
        sa.Column("sms_consent", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("sms_consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sms_opted_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("discreet_sms", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("sex", sa.String(length=16), nullable=True),
        sa.Column("pregnant", sa.Boolean(), nullable=True),
        sa.Column("deletion_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        _created_at(),
        _updated_at(),
        _pk("patients"),
        sa.UniqueConstraint("phone_e164", name=op.f("uq_patients_phone_e164")),
    )

    for table in ("allergies", "conditions"):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("patient_id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("notes", sa.Text(), nullable=True),
            _created_at(),
            _pk(table),
            _fk("patient_id", "patients.id", "CASCADE", table),
        )
        op.create_index(f"ix_{table}_patient_id", table, ["patient_id"])

    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), server_default="bot", nullable=False),
        sa.Column("taken_over_by", sa.Integer(), nullable=True),
        _created_at(),
        _updated_at(),
        _pk("conversations"),
        _fk("patient_id", "patients.id", "SET NULL", "conversations"),
        _fk("taken_over_by", "nurse_users.id", "SET NULL", "conversations"),
        sa.UniqueConstraint(
            "sender_id", "channel", name=op.f("uq_conversations_sender_id_channel")
        ),
        _one_of("conversations", "channel", "rest", "socketio", "sms"),
        _one_of("conversations", "status", "bot", "flagged", "nurse"),
    )
    op.create_index("ix_conversations_patient_id", "conversations", ["patient_id"])

    op.create_table(
        "medications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("dose", sa.String(length=100), nullable=True),
        sa.Column("instructions", sa.Text(), nullable=True),
        sa.Column("critical", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("pill_count", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("paused", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        _created_at(),
        _updated_at(),
        _pk("medications"),
        _fk("patient_id", "patients.id", "CASCADE", "medications"),
    )
    op.create_index("ix_medications_patient_id", "medications", ["patient_id"])

    op.create_table(
        "nurse_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("nurse_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _created_at(),
        _pk("nurse_notes"),
        _fk("patient_id", "patients.id", "CASCADE", "nurse_notes"),
        _fk("nurse_id", "nurse_users.id", "RESTRICT", "nurse_notes"),
    )
    op.create_index("ix_nurse_notes_patient_id", "nurse_notes", ["patient_id"])
    op.create_index("ix_nurse_notes_nurse_id", "nurse_notes", ["nurse_id"])

    op.create_table(
        "sms_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("direction", sa.String(length=32), nullable=False),
        sa.Column("to_number", sa.String(length=32), nullable=False),
        sa.Column("from_number", sa.String(length=32), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=32), server_default="queued", nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("provider_message_id", sa.String(length=64), nullable=True),
        sa.Column("error_code", sa.String(length=32), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        _created_at(),
        _updated_at(),
        _pk("sms_messages"),
        _fk("patient_id", "patients.id", "SET NULL", "sms_messages"),
        # Also the index Twilio's status callbacks look rows up by.
        sa.UniqueConstraint(
            "provider_message_id", name=op.f("uq_sms_messages_provider_message_id")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_sms_messages_attempts_not_negative")),
        _one_of("sms_messages", "direction", "outbound", "inbound"),
        _one_of("sms_messages", "purpose", "reminder", "followup", "otp", "nurse_reply", "system"),
        _one_of(
            "sms_messages",
            "status",
            "queued",
            "sending",
            "sent",
            "delivered",
            "failed",
            "undelivered",
            "local",
        ),
        _one_of("sms_messages", "provider", "twilio", "local"),
    )
    op.create_index("ix_sms_messages_patient_id", "sms_messages", ["patient_id"])
    op.create_index("ix_sms_messages_status_created_at", "sms_messages", ["status", "created_at"])

    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), server_default="open", nullable=False),
        sa.Column("claimed_by", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        _created_at(),
        _pk("handoffs"),
        _fk("conversation_id", "conversations.id", "CASCADE", "handoffs"),
        _fk("patient_id", "patients.id", "SET NULL", "handoffs"),
        _fk("claimed_by", "nurse_users.id", "SET NULL", "handoffs"),
        _one_of(
            "handoffs",
            "reason",
            "patient_request",
            "emergency",
            "red_flag",
            "triage_unavailable",
            "missed_doses",
            "followup_worse",
        ),
        _one_of("handoffs", "status", "open", "claimed", "resolved"),
    )
    op.create_index("ix_handoffs_conversation_id", "handoffs", ["conversation_id"])
    op.create_index("ix_handoffs_patient_id", "handoffs", ["patient_id"])
    op.create_index(
        "ix_handoffs_status_priority_created_at", "handoffs", ["status", "priority", "created_at"]
    )

    op.create_table(
        "medication_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("medication_id", sa.Integer(), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("days_of_week", sa.String(length=32), nullable=True),
        sa.Column("interval_hours", sa.Integer(), nullable=True),
        sa.Column("time_zone", sa.String(length=64), server_default="UTC", nullable=False),
        _created_at(),
        _pk("medication_schedules"),
        _fk("medication_id", "medications.id", "CASCADE", "medication_schedules"),
        sa.CheckConstraint(
            "interval_hours IS NULL OR interval_hours > 0",
            name=op.f("ck_medication_schedules_interval_hours_positive"),
        ),
    )
    op.create_index(
        "ix_medication_schedules_medication_id", "medication_schedules", ["medication_id"]
    )

    op.create_table(
        "triage_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("input_text", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("probabilities", sa.JSON(), nullable=False),
        sa.Column("red_flags", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("degraded", sa.Boolean(), server_default=sa.false(), nullable=False),
        _created_at(),
        _pk("triage_assessments"),
        _fk("patient_id", "patients.id", "SET NULL", "triage_assessments"),
        _fk("conversation_id", "conversations.id", "SET NULL", "triage_assessments"),
    )
    op.create_index("ix_triage_assessments_patient_id", "triage_assessments", ["patient_id"])
    op.create_index(
        "ix_triage_assessments_conversation_id", "triage_assessments", ["conversation_id"]
    )

    op.create_table(
        "dose_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("medication_id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("scheduled_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=32), server_default="pending", nullable=False),
        sa.Column("sms_message_id", sa.Integer(), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        _created_at(),
        _updated_at(),
        _pk("dose_events"),
        _fk("medication_id", "medications.id", "CASCADE", "dose_events"),
        _fk("schedule_id", "medication_schedules.id", "CASCADE", "dose_events"),
        _fk("sms_message_id", "sms_messages.id", "SET NULL", "dose_events"),
        # One row per occurrence: inserting the same occurrence twice fails, so it is sent once.
        sa.UniqueConstraint(
            "schedule_id",
            "scheduled_at_utc",
            name=op.f("uq_dose_events_schedule_id_scheduled_at_utc"),
        ),
        _one_of(
            "dose_events",
            "status",
            "pending",
            "sending",
            "sent",
            "taken",
            "skipped",
            "missed",
            "not_sent",
        ),
    )
    op.create_index("ix_dose_events_medication_id", "dose_events", ["medication_id"])
    op.create_index(
        "ix_dose_events_status_scheduled_at_utc", "dose_events", ["status", "scheduled_at_utc"]
    )

    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("due_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=32), server_default="scheduled", nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        _created_at(),
        _pk("follow_ups"),
        _fk("patient_id", "patients.id", "CASCADE", "follow_ups"),
        _fk("conversation_id", "conversations.id", "SET NULL", "follow_ups"),
        _fk("assessment_id", "triage_assessments.id", "SET NULL", "follow_ups"),
        _one_of(
            "follow_ups",
            "status",
            "scheduled",
            "sent",
            "closed_better",
            "escalated",
            "cancelled",
        ),
    )
    op.create_index("ix_follow_ups_patient_id", "follow_ups", ["patient_id"])
    op.create_index("ix_follow_ups_status_due_at_utc", "follow_ups", ["status", "due_at_utc"])


def downgrade() -> None:
    # Children before parents; dropping a table drops its indexes (and, on SQLite, its triggers).
    for table in (
        "follow_ups",
        "dose_events",
        "triage_assessments",
        "medication_schedules",
        "handoffs",
        "sms_messages",
        "nurse_notes",
        "medications",
        "conversations",
        "conditions",
        "allergies",
        "patients",
        "nurse_users",
        "audit_log",
    ):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_reject_change()")
