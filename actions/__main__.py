"""Start the action server on the port and host from Settings (ACTION_PORT, HOST)."""

import logging
import os

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser

from bot.settings import get_settings


def main() -> None:
    settings = get_settings()
    os.environ.setdefault("SANIC_HOST", settings.host)
    args = create_argument_parser().parse_args(
        ["--actions", "actions", "--port", str(settings.action_port)]
    )
    args.loglevel = logging.getLevelName(settings.log_level)
    main_from_args(args)


if __name__ == "__main__":
    main()
