"""Signing in and out of the nurse console."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from bot.console.deps import (
    NURSE_ID_KEY,
    AuthenticatorDep,
    OptionalNurse,
    SessionDep,
    render,
)
from bot.console.login import LoginResult
from bot.console.security import rotate_csrf_token
from bot.db.models import utcnow
from bot.db.repositories import AuditLog

# One message for every failure, so the page never says whether an e-mail has an account.
LOGIN_FAILED_MESSAGE = "E-mail or password is incorrect."

logger = logging.getLogger(__name__)
router = APIRouter()


@router.get("/login")
def login_page(request: Request, nurse: OptionalNurse) -> Response:
    if nurse is not None:
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html")


@router.post("/login")
def login(
    request: Request,
    db: SessionDep,
    authenticator: AuthenticatorDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    result = authenticator.attempt(db, email, password, now=utcnow())
    _audit_login(AuditLog(db), result, client=request.client.host if request.client else None)
    if not result.succeeded or result.nurse is None:
        return render(request, "login.html", {"error": LOGIN_FAILED_MESSAGE}, status_code=401)

    # A new session for the signed-in nurse: nothing from before login carries over.
    request.session.clear()
    request.session[NURSE_ID_KEY] = result.nurse.id
    rotate_csrf_token(request.session)
    return RedirectResponse("/", status_code=303)


@router.post("/logout")
def logout(request: Request, db: SessionDep, nurse: OptionalNurse) -> Response:
    if nurse is not None:
        AuditLog(db).record(f"nurse:{nurse.id}", "nurse.logged_out")
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def _audit_login(audit: AuditLog, result: LoginResult, client: str | None) -> None:
    # Never the password, and never the typed e-mail: for an unknown account it may be a
    # mistyped address of a real person, or a patient's, and it identifies nobody on staff.
    actor = f"nurse:{result.nurse.id}" if result.nurse is not None else "anonymous"
    if result.failure is None:
        audit.record(actor, "nurse.logged_in", client=client)
        logger.info("console sign-in: %s", actor)
        return
    detail: dict[str, Any] = {"reason": result.failure.value, "client": client}
    if result.locked_now and result.nurse is not None and result.nurse.locked_until is not None:
        detail["locked_until"] = result.nurse.locked_until.isoformat()
        logger.warning("console account %s locked after repeated failed sign-ins", actor)
    audit.record(actor, "nurse.login_failed", **detail)
    logger.info("console sign-in refused: %s (%s)", actor, result.failure.value)
