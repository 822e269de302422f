"""`python -m bot.triage`: serve the triage service on Settings' host and TRIAGE_PORT."""

import uvicorn

from bot.logging_setup import configure_logging
from bot.settings import get_settings
from bot.triage.app import create_app


def main() -> None:
    settings = get_settings()
    configure_logging(settings)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.triage_port,
        log_level=settings.log_level.lower(),
        access_log=False,
    )


if __name__ == "__main__":
    main()
