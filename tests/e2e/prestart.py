"""Start the end-to-end stacks while the rest of the suite runs.

Each e2e module gets a stack of its own (one stops it with Ctrl-C, one polls reminders faster,
and each asserts on a database only it has written to). Rasa takes one to two minutes to load
its model, mostly on one core; started one after the other, the four stacks took about seven
minutes of a CI run. So once collection is done the root conftest launches a stack for every
selected e2e module, and runs the e2e modules last: the stacks load on the core the unit tests
leave idle, and each module's `stack` fixture takes its own, already up or nearly so.

A module may set `STACK_ENV = {...}`: variables its stack gets on top of the usual ones.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from tests.e2e.stack import RASA_MODEL, Stack

_launched: dict[str, tuple[Stack, Path]] = {}


def _new_stack(module: ModuleType) -> tuple[Stack, Path]:
    workdir = Path(tempfile.mkdtemp(prefix=f"careloop-{module.__name__.rsplit('.', 1)[-1]}-"))
    stack = Stack.on_free_ports(workdir)
    stack.env |= getattr(module, "STACK_ENV", {})
    stack.launch()
    return stack, workdir


def launch_for(modules: Iterable[ModuleType]) -> None:
    """Launch a stack for each module that has none yet (nothing without a trained model)."""
    if RASA_MODEL.is_file():
        for module in modules:
            take(module)


def take(module: ModuleType) -> Stack:
    """The module's stack, launched now if it was not beforehand; the caller stops it."""
    if module.__name__ not in _launched:
        _launched[module.__name__] = _new_stack(module)
    return _launched[module.__name__][0]


def stop_all() -> None:
    """Stop whatever is still running (a module skipped or interrupted) and remove the files."""
    while _launched:
        _, (stack, workdir) = _launched.popitem()
        try:
            stack.stop()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
