"""`python -m bot.console`: serve the nurse console and the web chat page with uvicorn."""

from __future__ import annotations

import sys

import uvicorn

from bot.console.app import create_app
from bot.logging_setup import configure_logging
from bot.settings import get_settings


def main() -> int:
    try:
        settings = get_settings()
        app = create_app(settings)
    except ValueError as error:  # pydantic's ValidationError included: a setting is wrong
        print(f"CareLoop console cannot start: {error}", file=sys.stderr)
        return 1
    configure_logging(settings)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.console_port,
        log_level=settings.log_level.lower(),
        # The access log prints each URL with its query string, which could carry patient
        # data; the app logs what matters (sign-ins) itself.
        access_log=False,
        server_header=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
