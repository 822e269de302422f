"""`create_app(settings)`: the nurse console and the patient web chat page in one FastAPI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response

from bot.console.deps import AdminRequired, LoginRequired, NotFound, render
from bot.console.login import Authenticator
from bot.console.rasa_client import RasaClient
from bot.console.routes import (
    admin,
    auth,
    chat,
    conversations,
    health,
    patients,
    queue,
    twilio_status,
)
from bot.console.security import (
    CsrfTokenMissing,
    SecurityHeadersMiddleware,
    content_security_policy,
    csrf_token,
    rasa_origins,
    verify_csrf_token,
)
from bot.db.engine import make_engine, make_session_factory
from bot.settings import Settings

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

SESSION_COOKIE = "careloop_console"
# A long shift; after it the nurse signs in again.
SESSION_MAX_AGE_SECONDS = 12 * 60 * 60

CSRF_REJECTED_MESSAGE = (
    "This form could not be accepted: its security token is missing or out of date, for "
    "example because you signed out in another tab. Go back, reload the page and try again."
)


def create_app(settings: Settings, rasa: RasaClient | None = None) -> FastAPI:
    """Build the console for `settings`; nothing connects until the first request.

    `rasa` is the client for Rasa's HTTP API (tests pass one on a fake transport).
    """
    rasa_client = rasa or RasaClient(settings)
    rasa_url = settings.public_rasa_url or settings.rasa_url
    chat_csp = content_security_policy(rasa_origins(rasa_url), allow_injected_styles=True)
    engine = make_engine(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        rasa_client.close()
        engine.dispose()

    app = FastAPI(
        title="CareLoop console",
        # No API explorer: this is a set of HTML pages, not a public API.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(verify_csrf_token)],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.session_factory = make_session_factory(engine)
    app.state.authenticator = Authenticator()
    app.state.templates = Jinja2Templates(
        directory=TEMPLATES_DIR, context_processors=[_template_helpers]
    )
    app.state.chat_csp = chat_csp
    app.state.rasa = rasa_client

    app.add_middleware(
        SessionMiddleware,
        # Derived, so the session-signing key is not the one other processes derive theirs from.
        secret_key=settings.derived_key("console-session"),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE_SECONDS,
        same_site="lax",
        https_only=settings.is_production,
    )
    # Added last, so it wraps everything: error pages and static files get the headers too.
    app.add_middleware(SecurityHeadersMiddleware, default_csp=content_security_policy())

    app.add_exception_handler(LoginRequired, _redirect_to_login)
    app.add_exception_handler(CsrfTokenMissing, _refuse_without_csrf_token)
    app.add_exception_handler(AdminRequired, _refuse_without_admin_role)
    app.add_exception_handler(NotFound, _not_found)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (health, auth, queue, conversations, patients, admin, chat, twilio_status):
        app.include_router(module.router)
    return app


def _template_helpers(request: Request) -> dict[str, Any]:
    # A callable, so only pages that render a form start a session (the patients' chat page
    # sets no cookie).
    return {"csrf_token": lambda: csrf_token(request.session)}


async def _redirect_to_login(_request: Request, _exc: Exception) -> Response:
    return RedirectResponse("/login", status_code=303)


async def _refuse_without_csrf_token(request: Request, _exc: Exception) -> Response:
    return render(
        request,
        "error.html",
        {"title": "Form expired", "message": CSRF_REJECTED_MESSAGE},
        status_code=403,
    )


async def _refuse_without_admin_role(request: Request, _exc: Exception) -> Response:
    return render(
        request,
        "error.html",
        {
            "title": "Administrators only",
            "message": "This page is for CareLoop administrators. Ask one if you need an "
            "account changed or the audit log checked.",
        },
        status_code=403,
    )


async def _not_found(request: Request, exc: Exception) -> Response:
    what = exc.what if isinstance(exc, NotFound) else "page"
    return render(
        request,
        "error.html",
        {
            "title": "Not found",
            "message": f"There is no such {what}, or it has been deleted. Go back to the queue "
            "or search for the patient by name or phone number.",
        },
        status_code=404,
    )
