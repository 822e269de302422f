"""What route handlers ask for: `SessionDep`, `CurrentNurse`, `CurrentAdmin`, `RasaDep`,
`SmsSenderDep`, and the helpers `render`, `audit` and `not_found`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.responses import Response

from bot.console.login import Authenticator
from bot.console.rasa_client import RasaClient
from bot.db.engine import session_scope
from bot.db.models import NurseRole, NurseUser
from bot.db.repositories import AuditLog
from bot.reminders.sms import SmsSender, make_sms_sender
from bot.settings import Settings

NURSE_ID_KEY = "nurse_id"


class LoginRequired(Exception):
    """Raised by `CurrentNurse` without a signed-in nurse; the app answers 303 → /login."""


class AdminRequired(Exception):
    """Raised by `CurrentAdmin` for a signed-in nurse without the admin role; answered 403."""


class NotFound(Exception):
    """A record that does not exist or is out of reach (a deleted patient); answered 404."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request, committed before the response goes out."""
    with session_scope(request.app.state.session_factory) as session:
        yield session


# scope="function": the commit happens before the response is sent, so a response never
# reports something the database then failed to store (an audit entry, a lock-out).
SessionDep = Annotated[Session, Depends(get_db, scope="function")]


def get_settings_from_app(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]


def get_authenticator(request: Request) -> Authenticator:
    authenticator: Authenticator = request.app.state.authenticator
    return authenticator


AuthenticatorDep = Annotated[Authenticator, Depends(get_authenticator)]


def get_optional_nurse(request: Request, db: SessionDep) -> NurseUser | None:
    """The signed-in nurse, re-read on every request so deactivation takes effect at once."""
    nurse_id = request.session.get(NURSE_ID_KEY)
    if not isinstance(nurse_id, int):
        return None
    nurse = db.get(NurseUser, nurse_id)
    if nurse is None or not nurse.active:
        return None
    return nurse


OptionalNurse = Annotated[NurseUser | None, Depends(get_optional_nurse)]


def get_current_nurse(nurse: OptionalNurse) -> NurseUser:
    if nurse is None:
        raise LoginRequired
    return nurse


CurrentNurse = Annotated[NurseUser, Depends(get_current_nurse)]


def get_current_admin(nurse: CurrentNurse) -> NurseUser:
    if nurse.role is not NurseRole.ADMIN:
        raise AdminRequired
    return nurse


CurrentAdmin = Annotated[NurseUser, Depends(get_current_admin)]


def get_rasa(request: Request) -> RasaClient:
    rasa: RasaClient = request.app.state.rasa
    return rasa


RasaDep = Annotated[RasaClient, Depends(get_rasa)]


def get_sms_sender(request: Request) -> SmsSender:
    """The reminders' sender: the outbox row, then Twilio or (local mode) the local outbox."""
    sender: SmsSender | None = getattr(request.app.state, "sms_sender", None)
    if sender is None:
        sender = make_sms_sender(request.app.state.settings, request.app.state.session_factory)
        request.app.state.sms_sender = sender
    return sender


SmsSenderDep = Annotated[SmsSender, Depends(get_sms_sender)]


def audit(
    db: Session, nurse: NurseUser, action: str, patient_id: int | None = None, **detail: Any
) -> None:
    """Append to the audit trail on behalf of the signed-in nurse (committed with the request)."""
    AuditLog(db).record(f"nurse:{nurse.id}", action, patient_id=patient_id, **detail)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context or {}, status_code=status_code)
