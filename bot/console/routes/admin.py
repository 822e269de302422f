"""Administrators only: nurse accounts (create, disable, reset password) and the audit log."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from starlette.responses import Response

from bot.console.accounts import AccountError, create_nurse, reset_password, set_active
from bot.console.deps import CurrentAdmin, NotFound, SessionDep, audit, render
from bot.db.models import AuditEntry, NurseRole, NurseUser

AUDIT_PAGE_SIZE = 200

router = APIRouter(prefix="/admin")


def _nurses_page(
    request: Request, db: SessionDep, admin: NurseUser, error: str | None = None, status: int = 200
) -> Response:
    nurses = db.scalars(select(NurseUser).order_by(NurseUser.display_name)).all()
    return render(
        request,
        "admin_nurses.html",
        {"nurse": admin, "nurses": nurses, "roles": list(NurseRole), "error": error},
        status_code=status,
    )


@router.get("/nurses")
def nurses(request: Request, db: SessionDep, admin: CurrentAdmin) -> Response:
    return _nurses_page(request, db, admin)


@router.post("/nurses")
def create(
    request: Request,
    db: SessionDep,
    admin: CurrentAdmin,
    email: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = NurseRole.NURSE.value,
) -> Response:
    try:
        create_nurse(db, email, display_name, password, role, actor=f"nurse:{admin.id}")
    except AccountError as error:
        return _nurses_page(request, db, admin, str(error), 400)
    return RedirectResponse("/admin/nurses", status_code=303)


def _account(db: SessionDep, nurse_id: int) -> NurseUser:
    account = db.get(NurseUser, nurse_id)
    if account is None:
        raise NotFound("nurse account")
    return account


@router.post("/nurses/{nurse_id}/active")
def change_active(
    request: Request,
    nurse_id: int,
    db: SessionDep,
    admin: CurrentAdmin,
    active: Annotated[bool, Form()] = False,
) -> Response:
    account = _account(db, nurse_id)
    if account.id == admin.id and not active:
        return _nurses_page(
            request, db, admin, "You cannot disable your own account; ask another admin.", 400
        )
    set_active(db, account, active, actor=f"nurse:{admin.id}")
    return RedirectResponse("/admin/nurses", status_code=303)


@router.post("/nurses/{nurse_id}/password")
def change_password(
    request: Request,
    nurse_id: int,
    db: SessionDep,
    admin: CurrentAdmin,
    password: Annotated[str, Form()] = "",
) -> Response:
    account = _account(db, nurse_id)
    try:
        reset_password(db, account, password, actor=f"nurse:{admin.id}")
    except AccountError as error:
        return _nurses_page(request, db, admin, str(error), 400)
    return RedirectResponse("/admin/nurses", status_code=303)


@router.get("/audit")
def audit_log(
    request: Request,
    db: SessionDep,
    admin: CurrentAdmin,
    patient: str = "",
    actor: str = "",
    before: int | None = None,
    after: int | None = None,
) -> Response:
    """Newest first, `AUDIT_PAGE_SIZE` a page. Pages are cut at entry ids (`before`: older than
    that entry; `after`: newer), so entries appended while an admin pages never shift a page."""
    query = select(AuditEntry)
    patient_id = int(patient) if patient.strip().isdigit() else None
    if patient_id is not None:
        query = query.where(AuditEntry.patient_id == patient_id)
    if actor:
        query = query.where(AuditEntry.actor == actor.strip())
    # One more than a page, to know whether there is another page beyond it.
    if after is not None:
        rows = db.scalars(
            query.where(AuditEntry.id > after)
            .order_by(AuditEntry.id.asc())
            .limit(AUDIT_PAGE_SIZE + 1)
        ).all()
        more_newer = len(rows) > AUDIT_PAGE_SIZE
        entries = list(reversed(rows[:AUDIT_PAGE_SIZE]))
        more_older = True
    else:
        if before is not None:
            query = query.where(AuditEntry.id < before)
        rows = db.scalars(query.order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE_SIZE + 1)).all()
        more_older = len(rows) > AUDIT_PAGE_SIZE
        entries = list(rows[:AUDIT_PAGE_SIZE])
        more_newer = before is not None
    audit(
        db,
        admin,
        "audit_log.viewed",
        patient_filter=patient_id,
        actor_filter=actor,
        before=before,
        after=after,
    )
    filters: dict[str, object] = {"patient": patient_id or "", "actor": actor}
    return render(
        request,
        "admin_audit.html",
        {
            "nurse": admin,
            "entries": entries,
            "patient_id": patient_id,
            "actor": actor,
            "page_size": AUDIT_PAGE_SIZE,
            "newest": before is None and after is None,
            "older_url": _audit_url(filters, before=entries[-1].id)
            if entries and more_older
            else None,
            "newer_url": _audit_url(filters, after=entries[0].id)
            if entries and more_newer
            else None,
            "newest_url": _audit_url(filters),
        },
    )


def _audit_url(filters: dict[str, object], **cursor: int) -> str:
    query = {key: value for key, value in {**filters, **cursor}.items() if value not in ("", None)}
    return "/admin/audit" + (f"?{urlencode(query)}" if query else "")
