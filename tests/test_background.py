"""kg.background.forked: a computation in a forked child, and every way back to this process."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

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
    job = forked(_pid_and, 21)
    pid, value = job.result()
    assert value == 42 and pid != PARENT and job.answered_by == pid


def test_without_fork_it_runs_here(monkeypatch):
    monkeypatch.setattr(background, "can_fork", lambda: False)
    job = forked(_pid_and, 4)
    assert job() == (PARENT, 8) and job.answered_by is None


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


def _ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # a zombie has ended (its new parent reaps it)


@needs_fork
def test_a_child_no_longer_wanted_is_killed(tmp_path):
    flag = tmp_path / "pid"
    job = forked(_silent_in_a_child, str(flag))
    for _ in range(100):
        if flag.exists() and flag.read_text():
            break
        time.sleep(0.05)
    child = int(flag.read_text())
    job.cancel()
    assert _ended(child)
    job.cancel()  # again: nothing


@needs_fork
def test_a_child_whose_parent_is_gone_ends():
    """The parent exits without reading (killed, or os._exit: no clean-up): the child,
    which holds no copy of the pipe's reading end, fails to send its value and ends."""
    code = textwrap.dedent("""
        import os, time
        from kg.background import forked
        def big():
            time.sleep(0.5)
            return "x" * 300_000  # more than a pipe holds
        job = forked(big)
        print(job._proc.pid, flush=True)
        os._exit(0)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[1])
    child = int(out.stdout.split()[0])
    for _ in range(200):
        if _ended(child):
            break
        time.sleep(0.05)
    assert _ended(child), out.stderr
