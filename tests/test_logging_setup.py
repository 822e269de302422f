"""Every service's logging: phone numbers masked, and no request URLs (Rasa API tokens)."""

from __future__ import annotations

import logging

from bot.logging_setup import configure_logging, mask_phone_numbers
from bot.settings import Settings


def test_httpx_request_urls_stay_out_of_info_logs() -> None:
    configure_logging(Settings(_env_file=None, log_level="INFO"))  # type: ignore[call-arg]
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    assert logging.getLogger("httpx").isEnabledFor(logging.WARNING)


def test_phone_numbers_are_masked() -> None:
    assert "+447700900123" not in mask_phone_numbers("texting +447700900123 now")
