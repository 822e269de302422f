"""The real stack for each end-to-end module, launched early by `tests.e2e.prestart`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e import prestart
from tests.e2e.stack import RASA_MODEL, Stack


@pytest.fixture(scope="module")
def stack(request: pytest.FixtureRequest) -> Iterator[Stack]:
    if not RASA_MODEL.is_file():
        pytest.skip("no trained Rasa model: run `make train-rasa` (make test does)")
    running = prestart.take(request.module)
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop()
