"""The one Settings object: defaults, production checks, what Rasa is handed, and the docs."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from bot.settings import LOCAL_TWILIO_AUTH_TOKEN, PROJECT_ROOT, Settings


def test_local_mode_needs_no_configuration() -> None:
    settings = Settings(_env_file=None)
    assert settings.db_url.get_backend_name() == "sqlite"
    assert not settings.is_production
    assert settings.sms_mode == "local"
    assert (settings.rasa_port, settings.action_port) == (5005, 5055)
    assert (settings.triage_port, settings.console_port) == (8500, 8080)


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(ValidationError, match="CONSOLE_SECRET_KEY"):
        Settings(database_url="postgresql+psycopg://u@db/careloop", _env_file=None)


def test_twilio_only_when_all_credentials_are_set() -> None:
    partial = Settings(twilio_account_sid="AC1", twilio_auth_token="t", _env_file=None)
    assert partial.sms_mode == "local"
    assert partial.webhook_auth_token == "t"
    complete = Settings(
        twilio_account_sid="AC1",
        twilio_auth_token="t",
        twilio_from_number="+15005550006",
        _env_file=None,
    )
    assert complete.sms_mode == "twilio"
    assert Settings(_env_file=None).webhook_auth_token == LOCAL_TWILIO_AUTH_TOKEN


def test_rasa_gets_sqlite_tracker_store_and_in_memory_locks_locally(tmp_path) -> None:
    env = Settings(database_url=f"sqlite:///{tmp_path}/c.db", _env_file=None).rasa_environment()
    assert env["TRACKER_DIALECT"] == "sqlite"
    assert env["TRACKER_DB"] == f"{tmp_path}/c.db"
    assert env["LOCK_STORE_TYPE"] == "in_memory"
    assert env["RASA_TELEMETRY_ENABLED"] == "false"


def test_rasa_gets_postgres_tracker_store_and_redis_locks_in_production() -> None:
    env = Settings(
        database_url="postgresql+psycopg://care:s3cret@db.internal:6543/careloop",
        redis_url="redis://cache.internal:6380/2",
        console_secret_key="x" * 32,
        _env_file=None,
    ).rasa_environment()
    assert (env["TRACKER_DIALECT"], env["TRACKER_HOST"], env["TRACKER_PORT"]) == (
        "postgresql",
        "db.internal",
        "6543",
    )
    assert (env["TRACKER_DB"], env["TRACKER_USER"], env["TRACKER_PASSWORD"]) == (
        "careloop",
        "care",
        "s3cret",
    )
    assert (env["LOCK_STORE_TYPE"], env["LOCK_STORE_HOST"], env["LOCK_STORE_PORT"]) == (
        "redis",
        "cache.internal",
        "6380",
    )
    assert env["LOCK_STORE_DB"] == "2"


def test_derived_keys_differ_by_purpose_and_secret() -> None:
    a = Settings(console_secret_key="a" * 32, _env_file=None)
    b = Settings(console_secret_key="b" * 32, _env_file=None)
    assert a.derived_key("rasa-api") != a.derived_key("sms-sender-id")
    assert a.derived_key("rasa-api") != b.derived_key("rasa-api")


def test_env_example_documents_every_setting() -> None:
    documented = set(
        re.findall(
            r"^#?\s*([A-Z][A-Z0-9_]+)=",
            (PROJECT_ROOT / ".env.example").read_text(),
            flags=re.MULTILINE,
        )
    )
    assert documented == {name.upper() for name in Settings.model_fields}


@pytest.mark.parametrize("rasa_file", ["endpoints.yml", "credentials.yml"])
def test_every_variable_rasa_reads_is_derived_from_settings(rasa_file: str) -> None:
    wanted = set(re.findall(r"\$\{(\w+)\}", (PROJECT_ROOT / rasa_file).read_text()))
    assert wanted <= set(Settings(_env_file=None).rasa_environment())
