"""Run Rasa's command line with telemetry and third-party error reporting switched off.

Rasa 3.6 sends usage telemetry and reports errors to Sentry (with a key shipped inside the
package) unless telemetry is switched off, and it is on by default. Patient data must never leave
the deployment, so every Rasa command this project runs goes through here,
`python -m bot.rasa_main train|run|test|data validate ...`, which switches telemetry off whatever
the shell or ~/.config/rasa says, and disables the Sentry set-up outright as a second guard.
It also keeps Hugging Face libraries offline: the NLU encoder is read from local files.

This module runs in the Rasa (Python 3.10) environment: it imports nothing from the app side.
"""

import os
import sys


def main() -> None:
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    os.environ.pop("RASA_EXCEPTION_WRITE_KEY", None)
    # The NLU pipeline's encoder is read from local files (config.yml): never ask the hub.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

    import rasa.telemetry
    from rasa.__main__ import main as rasa_main

    rasa.telemetry.initialize_error_reporting = _no_error_reporting
    rasa.telemetry.sentry_write_key = lambda: None
    sys.argv[0] = "rasa"
    rasa_main()


def _no_error_reporting() -> None:
    """Replaces Rasa's Sentry set-up: errors stay in this deployment's own logs."""


if __name__ == "__main__":
    main()
