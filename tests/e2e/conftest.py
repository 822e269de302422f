"""One real stack for the end-to-end tests of a session (starting Rasa takes most of a minute)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.stack import RASA_MODEL, Stack


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not RASA_MODEL.is_file():
        pytest.skip("no trained Rasa model: run `make train-rasa` (make test does)")
    running = Stack.on_free_ports(tmp_path_factory.mktemp("stack"))
    try:
        running.start()
        yield running
    finally:
        running.stop()
