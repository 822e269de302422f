"""`python -m bot.reminders` runs the worker; `python -m bot.reminders status` prints its job count."""

import sys

from bot.logging_setup import configure_logging
from bot.reminders.worker import make_scheduler, run_worker, scheduled_job_count
from bot.settings import get_settings


def main(argv: list[str]) -> int:
    settings = get_settings()
    configure_logging(settings)
    if argv[1:] == ["status"]:
        scheduler = make_scheduler(settings)
        scheduler.start(paused=True)
        print(f"{scheduled_job_count(scheduler)} scheduled jobs")
        scheduler.shutdown(wait=False)
        return 0
    if argv[1:]:
        print("usage: python -m bot.reminders [status]", file=sys.stderr)
        return 2
    run_worker(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
