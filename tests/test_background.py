"""kg.background.forked: a computation in a forked child, and every way back to this process."""
from __future__ import annotations

import os
import time

import pytest

from kg import background
from kg.background import forked

PARENT = os.getpid()
needs_fork = pytest.mark.skipif(not background.can_fork(), reason="forked() runs here: not Linux, or one CPU")


def _pid_and(x: int) -> tuple[int, int]:
    return os.getpid(), x * 2


def _fails(x: int) -> int:
    raise ValueError(f"bad {x}")


def _dies_in_a_child() -> str:
    if os.getpid() != PARENT:
        os._exit(3)
    return "here"


def _silent_in_a_child(path: str) -> str:
    if os.getpid() != PARENT:
        with open(path, "w") as f:
            f.write(str(os.getpid()))
        time.sleep(60)
    return "here"


def _unpicklable() -> object:
    return lambda: None


@needs_fork
def test_the_value_comes_from_a_child():
    pid, value = forked(_pid_and, 21)()
    assert value == 42 and pid != PARENT


def test_without_fork_it_runs_here(monkeypatch):
    monkeypatch.setattr(background, "can_fork", lambda: False)
    assert forked(_pid_and, 4)() == (PARENT, 8)


def test_an_error_is_raised_here_with_its_traceback():
    get = forked(_fails, 7)
    with pytest.raises(ValueError, match="bad 7") as info:
        get()
    assert info.traceback[-1].name == "_fails"  # computed again here, not a message from the child


@needs_fork
def test_a_child_that_dies_leaves_the_work_to_this_process():
    assert forked(_dies_in_a_child)() == "here"


@needs_fork
def test_a_silent_child_is_killed_at_the_timeout(tmp_path):
    flag = tmp_path / "pid"
    assert forked(_silent_in_a_child, str(flag), timeout=1.0)() == "here"
    child = int(flag.read_text())
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(child, 0)


@needs_fork
def test_a_value_that_does_not_pickle_is_computed_here():
    assert callable(forked(_unpicklable)())
