"""Start the real CareLoop stack (the Procfile, through honcho, exactly as `make run` does) on
free ports and a throwaway SQLite database, for end-to-end tests and benchmarks."""

from __future__ import annotations

import ipaddress
import os
import secrets
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from bot.db.migrate import upgrade
from bot.net import free_loopback_port
from bot.settings import PROJECT_ROOT, Settings

RASA_MODEL = PROJECT_ROOT / "models" / "rasa" / "careloop.tar.gz"
# Rasa loads its model in about a minute on an idle machine; a busy CI box may need more.
STARTUP_TIMEOUT_S = int(os.environ.get("CARELOOP_E2E_STARTUP_TIMEOUT_S", "480"))
SHUTDOWN_TIMEOUT_S = 60


@dataclass
class Stack:
    settings: Settings
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    urls: dict[str, str] = field(default_factory=dict)

    @classmethod
    def on_free_ports(cls, workdir: Path) -> Stack:
        ports = {
            "RASA_PORT": free_loopback_port(),
            "ACTION_PORT": free_loopback_port(),
            "TRIAGE_PORT": free_loopback_port(),
            "CONSOLE_PORT": free_loopback_port(),
        }
        overrides = {
            "DATABASE_URL": f"sqlite:///{workdir / 'careloop.db'}",
            "HOST": "127.0.0.1",
            "CONSOLE_SECRET_KEY": secrets.token_hex(16),
            "LOG_LEVEL": "INFO",
            "MODELS_DIR": str(PROJECT_ROOT / "models"),
            **{key: str(port) for key, port in ports.items()},
        }
        env = {
            key: value
            for key, value in os.environ.items()
            # The developer's own service configuration must not leak into the test stack.
            if not key.startswith(("TWILIO_", "REDIS_URL", "DATABASE_URL", "PUBLIC_RASA"))
        }
        env |= overrides
        env |= {"RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
        settings = Settings(_env_file=None, **{k.lower(): v for k, v in overrides.items()})
        return cls(settings=settings, env=env, log_path=workdir / "stack.log")

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """Start every process and return at once; `wait_ready` waits until they answer."""
        if not RASA_MODEL.is_file():
            raise RuntimeError(f"{RASA_MODEL} is missing: run `make train-rasa` first.")
        upgrade(self.settings)
        empty_env_file = self.log_path.with_name("honcho.env")
        empty_env_file.write_text("")
        self.process = subprocess.Popen(
            [
                str(PROJECT_ROOT / ".venv/bin/honcho"),
                "start",
                "-f",
                "Procfile",
                "-e",
                str(empty_env_file),
            ],
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=self.log_path.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        s = self.settings
        self.urls = {
            "rasa": s.rasa_url,
            "actions": f"http://{s.host}:{s.action_port}",
            "triage": s.triage_url,
            "console": f"http://{s.host}:{s.console_port}",
        }

    def wait_ready(self) -> None:
        self.wait_until(self._all_healthy, STARTUP_TIMEOUT_S, "the stack to become healthy")

    def _all_healthy(self) -> bool:
        checks = {
            "rasa": "/",
            "actions": "/health",
            "triage": "/health",
            "console": "/health",
        }
        try:
            for name, path in checks.items():
                if httpx.get(self.urls[name] + path, timeout=2).status_code != 200:
                    return False
            # Rasa answers / before its model is loaded; /status says when it is.
            status = httpx.get(
                f"{self.urls['rasa']}/status",
                params={"token": self.env_for_rasa()["RASA_API_TOKEN"]},
                timeout=2,
            )
            return status.status_code == 200 and bool(status.json().get("model_id"))
        except httpx.HTTPError:
            return False

    def env_for_rasa(self) -> dict[str, str]:
        return self.settings.rasa_environment()

    def wait_until(self, condition: Callable[[], bool], timeout_s: float, what: str) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"The stack exited while waiting for {what}:\n{self.log()}")
            if condition():
                return
            time.sleep(1)
        raise TimeoutError(f"Timed out after {timeout_s}s waiting for {what}:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def processes(self) -> list[psutil.Process]:
        assert self.process is not None
        return psutil.Process(self.process.pid).children(recursive=True)

    @contextmanager
    def reminder_worker_paused(self) -> Iterator[None]:
        """Hold the stack's reminder worker still (SIGSTOP) while a test drives the reminder
        cycle with its own clock, then let it go on (SIGCONT).

        The worker judges lateness by the real clock: a dose the test creates for "this morning
        at 8:00" is hours late to it, so if it polls between the test creating that dose and
        sending it, it records the dose as not sent (late) and the test's reminder never goes
        out. It is only stopped between database transactions: one stopped while holding
        SQLite's write lock would block the test, so it is let go and stopped again until the
        test can take that lock.
        """
        (worker,) = [
            proc for proc in self.processes() if "bot.reminders" in " ".join(proc.cmdline())
        ]
        deadline = time.monotonic() + 30
        while True:
            worker.suspend()
            if self._database_writable():
                break
            worker.resume()
            if time.monotonic() > deadline:
                raise TimeoutError("the reminder worker kept the database locked for 30 s")
            time.sleep(0.05)
        try:
            yield
        finally:
            worker.resume()

    def _database_writable(self) -> bool:
        path = self.settings.db_url.database
        assert path is not None  # the e2e stack always runs on a SQLite file
        connection = sqlite3.connect(path, timeout=0.2, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            connection.close()

    def outside_connections(self) -> list[str]:
        """Every connection of every stack process whose far end is not on this machine."""
        found = []
        for proc in self.processes():
            try:
                connections = proc.net_connections(kind="inet")
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            for conn in connections:
                if conn.raddr and not ipaddress.ip_address(conn.raddr.ip).is_loopback:
                    found.append(f"{proc.name()} -> {conn.raddr.ip}:{conn.raddr.port}")
        return found

    def stop(self) -> int:
        """Ctrl-C, as a person would press it; returns honcho's exit code."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(timeout=SHUTDOWN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            raise
