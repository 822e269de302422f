"""The nurse's start page: conversations that need a person (empty until the queue exists)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from bot.console.deps import CurrentNurse, render

router = APIRouter()


@router.get("/")
def queue(request: Request, nurse: CurrentNurse) -> Response:
    return render(request, "queue.html", {"nurse": nurse})
