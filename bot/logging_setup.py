"""Logging for CareLoop's own processes: one format, and phone numbers masked as a last line of
defence. Code must still never log message bodies or names; a filter cannot recognise those."""

from __future__ import annotations

import logging
import re

from bot.settings import Settings

PHONE_NUMBER = re.compile(r"(?<![\w.])\+?\d[\d\s().-]{6,}\d(?!\w)")


def mask_phone_numbers(text: str) -> str:
    """'+447700900123' -> '+*********23'."""

    def mask(match: re.Match[str]) -> str:
        digits = match.group(0)
        return re.sub(r"\d", "*", digits[:-2]) + digits[-2:]

    return PHONE_NUMBER.sub(mask, text)


class PhoneNumberMaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_phone_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s - %(message)s"))
    handler.addFilter(PhoneNumberMaskingFilter())
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    # httpx logs every request URL at INFO; calls to Rasa's HTTP API (the console's take-over,
    # the reminder worker's follow-ups) carry its API token in the query string.
    logging.getLogger("httpx").setLevel(logging.WARNING)
