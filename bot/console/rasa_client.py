"""The console's client for Rasa's HTTP API: pause and resume the bot, push a nurse's message.

Rasa runs with `--enable-api --auth-token`; the token is derived from CONSOLE_SECRET_KEY
(`Settings.derived_key("rasa-api")`), so it is never written down anywhere.

- Pause / resume: `POST /conversations/{id}/tracker/events` with `{"event": "pause"}`. A paused
  tracker still records what the patient writes, but Rasa predicts no action for it
  (`MessageProcessor._should_handle_message` in Rasa 3.6).
- A nurse's message to the web chat: the same endpoint with a `bot` event and
  `?execute_side_effects=true&output_channel=socketio`. Rasa stores the turn in the transcript and
  sends it through the socket.io channel to the patient's room (the session id).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import httpx

from bot.settings import Settings

logger = logging.getLogger(__name__)
RASA_TIMEOUT_S = 10.0


class RasaUnavailable(Exception):
    """Rasa did not accept the request; the message tells the nurse what to do."""


class RasaClient:
    def __init__(self, settings: Settings, http: httpx.Client | None = None) -> None:
        self.base_url = settings.rasa_url
        self._token = settings.derived_key("rasa-api")
        self._http = http or httpx.Client(timeout=RASA_TIMEOUT_S)

    def close(self) -> None:
        self._http.close()

    def pause(self, sender_id: str) -> None:
        self._append(sender_id, [{"event": "pause"}])

    def resume(self, sender_id: str) -> None:
        self._append(sender_id, [{"event": "resume"}])

    def send_to_web_chat(self, sender_id: str, text: str, metadata: dict[str, Any]) -> None:
        """Say `text` to the patient's open web chat and record it in the transcript."""
        self._append(
            sender_id,
            [{"event": "bot", "text": text, "metadata": metadata}],
            execute_side_effects="true",
            output_channel="socketio",
        )

    def _append(self, sender_id: str, events: list[dict[str, Any]], **params: str) -> None:
        url = f"{self.base_url}/conversations/{quote(sender_id, safe='')}/tracker/events"
        try:
            response = self._http.post(
                url, json=events, params={"token": self._token, "include_events": "NONE", **params}
            )
        except httpx.HTTPError as error:
            logger.warning("Rasa at %s did not answer: %s", self.base_url, type(error).__name__)
            raise RasaUnavailable(
                f"The bot server (Rasa at {self.base_url}) did not answer, so nothing was "
                "changed. Check that CareLoop is running (make run), wait a minute and try again."
            ) from error
        if response.status_code != 200:
            logger.warning("Rasa refused %s with HTTP %d", events[0]["event"], response.status_code)
            raise RasaUnavailable(
                f"The bot server refused the request (HTTP {response.status_code}), so nothing "
                "was changed. Try again; if it keeps failing, tell your CareLoop administrator."
            )
