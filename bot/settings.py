"""One typed settings object for every CareLoop process, read from the environment and `.env`.

Local mode is the default: SQLite under var/, a local SMS outbox instead of Twilio, an in-memory
Rasa lock store. Production mode is one variable away: point DATABASE_URL at PostgreSQL (and set
REDIS_URL for Rasa's lock store). Rasa runs in its own Python 3.10 environment and cannot import
this module, so `python -m bot.settings rasa-env` prints the derived variables its YAML files read.
"""

from __future__ import annotations

import hashlib
import hmac
import shlex
import sys
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "local-development-only-change-me"
# Twilio signs webhooks with the account's auth token; in local mode we sign with this one so
# the signature check is never switched off, only keyed locally.
LOCAL_TWILIO_AUTH_TOKEN = "local-twilio-auth-token"


class Settings(BaseSettings):
    """Configuration shared by the action server, triage service, reminder worker and console."""

    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'careloop.db'}",
        description="SQLAlchemy URL. SQLite (embedded default) or postgresql+psycopg://...",
    )
    redis_url: str | None = Field(
        default=None, description="redis://host:port/db for Rasa's lock store (production)."
    )

    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    triage_port: int = 8500
    console_port: int = 8080
    public_rasa_url: str | None = Field(
        default=None, description="Rasa's URL as a browser sees it (web chat). Default: local."
    )

    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_from_number: str | None = None
    sms_webhook_public_url: str | None = Field(
        default=None,
        description="The exact URL Twilio posts to, when Rasa sits behind a proxy (signatures "
        "are computed over it). Default: the URL the request arrived on.",
    )

    emergency_number: str = Field(
        default="112", description="The number patients are told to call in an emergency."
    )
    clinic_name: str = Field(default="your clinic", description="How the bot names the clinic.")
    clinic_phone: str | None = Field(
        default=None, description="The clinic's phone number, given when patients must call it."
    )
    phone_region: str = Field(
        default="GB",
        min_length=2,
        max_length=2,
        description="ISO country code assumed for phone numbers typed without a country code.",
    )
    date_order: Literal["DMY", "MDY", "YMD"] = Field(
        default="DMY", description="How patients in this clinic write dates in digits."
    )
    otp_valid_minutes: int = Field(
        default=10, ge=1, le=60, description="How long a one-time code texted to a patient works."
    )
    otp_max_attempts: int = Field(
        default=5, ge=1, le=10, description="Wrong tries before a one-time code stops working."
    )
    otp_max_per_hour: int = Field(
        default=3, ge=1, le=20, description="Codes texted to one number in an hour, at most."
    )
    nurse_reply_hours: int = Field(
        default=4,
        ge=1,
        le=72,
        description="How soon patients are told a nurse will answer a hand-off request.",
    )
    triage_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        le=60,
        description="How long an action waits for the triage service before the safe answer.",
    )
    triage_max_batch_size: int = Field(default=32, ge=1, le=256)
    triage_max_wait_ms: float = Field(default=5.0, ge=0, le=1000)
    triage_max_queue: int = Field(default=512, ge=1)
    reminder_poll_seconds: int = Field(
        default=30,
        ge=1,
        description="How often the reminder worker looks for due medication reminders.",
    )
    reminder_missed_after_minutes: int = Field(
        default=120,
        ge=5,
        le=24 * 60,
        description="A texted dose with no TAKEN/SKIP reply this many minutes after it was due "
        "is recorded as missed.",
    )
    refill_reminder_days: int = Field(
        default=7,
        ge=1,
        le=90,
        description="One refill reminder is texted when a medication's pill count falls below "
        "this many days of doses.",
    )
    console_secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    models_dir: Path = PROJECT_ROOT / "models"

    @model_validator(mode="after")
    def _refuse_default_secrets_in_production(self) -> Settings:
        if self.is_production and self.console_secret_key.get_secret_value() == DEFAULT_SECRET:
            raise ValueError(
                "CONSOLE_SECRET_KEY must be set to a long random value when DATABASE_URL points "
                "at PostgreSQL (production mode); generate one with `openssl rand -hex 32`."
            )
        return self

    @property
    def db_url(self) -> URL:
        return make_url(self.database_url)

    @property
    def is_production(self) -> bool:
        return self.db_url.get_backend_name() == "postgresql"

    @property
    def sms_mode(self) -> Literal["twilio", "local"]:
        """Twilio when credentials are complete, otherwise the local outbox."""
        if self.twilio_account_sid and self.twilio_auth_token and self.twilio_from_number:
            return "twilio"
        return "local"

    @property
    def webhook_auth_token(self) -> str:
        if self.twilio_auth_token is not None:
            return self.twilio_auth_token.get_secret_value()
        return LOCAL_TWILIO_AUTH_TOKEN

    def derived_key(self, purpose: str) -> str:
        """A per-purpose secret derived from CONSOLE_SECRET_KEY, so one secret is configured."""
        secret = self.console_secret_key.get_secret_value().encode()
        return hmac.new(secret, purpose.encode(), hashlib.sha256).hexdigest()

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def triage_url(self) -> str:
        return f"http://{self.host}:{self.triage_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}/webhook"

    def rasa_environment(self) -> dict[str, str]:
        """Variables that endpoints.yml and credentials.yml read (Rasa substitutes ${VAR})."""
        url = self.db_url
        if url.get_backend_name() == "sqlite":
            # Rasa insists on an integer port even for SQLite, where it is ignored.
            tracker = {"TRACKER_DIALECT": "sqlite", "TRACKER_DB": url.database or ""}
            tracker |= {"TRACKER_HOST": "", "TRACKER_PORT": "0", "TRACKER_USER": ""}
            tracker["TRACKER_PASSWORD"] = ""
        else:
            # Rasa 3.6 pins SQLAlchemy 1.4 with psycopg2; our app uses psycopg 3.
            tracker = {
                "TRACKER_DIALECT": "postgresql",
                "TRACKER_HOST": url.host or "127.0.0.1",
                "TRACKER_PORT": str(url.port or 5432),
                "TRACKER_DB": url.database or "",
                "TRACKER_USER": url.username or "",
                "TRACKER_PASSWORD": url.password or "",
            }
        env = tracker | {
            "ACTION_ENDPOINT_URL": self.action_url,
            "TWILIO_WEBHOOK_AUTH_TOKEN": self.webhook_auth_token,
            "SMS_WEBHOOK_PUBLIC_URL": self.sms_webhook_public_url or "",
            "SMS_SENDER_ID_KEY": self.derived_key("sms-sender-id"),
            "EMERGENCY_NUMBER": self.emergency_number,
            "RASA_INTERFACE": self.host,
            "RASA_PORT": str(self.rasa_port),
            "RASA_API_TOKEN": self.derived_key("rasa-api"),
            "RASA_CORS_ORIGINS": f"http://{self.host}:{self.console_port} "
            f"http://localhost:{self.console_port}",
            "RASA_TELEMETRY_ENABLED": "false",
        }
        if self.redis_url:
            redis = make_url(self.redis_url)
            env |= {
                "LOCK_STORE_TYPE": "redis",
                "LOCK_STORE_HOST": redis.host or "127.0.0.1",
                "LOCK_STORE_PORT": str(redis.port or 6379),
                "LOCK_STORE_DB": redis.database or "1",
            }
        else:
            env |= {
                "LOCK_STORE_TYPE": "in_memory",
                "LOCK_STORE_HOST": "",
                "LOCK_STORE_PORT": "6379",
                "LOCK_STORE_DB": "1",
            }
        return env


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests build their own `Settings(...)` instead."""
    return Settings()


def print_urls(s: Settings) -> None:
    print(f"  Web chat (patients):  http://{s.host}:{s.console_port}/chat")
    print(f"  Nurse console:        http://{s.host}:{s.console_port}/")
    print(f"  Rasa server (REST):   {s.rasa_url}/webhooks/rest/webhook")
    print(f"  SMS webhook (Twilio): {s.rasa_url}/webhooks/sms/webhook")
    print(f"  Action server:        http://{s.host}:{s.action_port}/health")
    print(f"  Triage service:       {s.triage_url}/health")
    print(f"  Database:             {s.db_url.render_as_string(hide_password=True)}", flush=True)


def main(argv: list[str]) -> int:
    if argv[1:] == ["rasa-env"]:
        for key, value in get_settings().rasa_environment().items():
            print(f"export {key}={shlex.quote(value)}")
        return 0
    if argv[1:] == ["urls"]:
        print_urls(get_settings())
        return 0
    print("usage: python -m bot.settings {rasa-env|urls}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
