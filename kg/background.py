"""Work on the other core while this one goes on: a computation in a forked child process.

Threads do not run Python code side by side (the GIL; :func:`kg.store_base.meanwhile`
overlaps store reads only, which Oxigraph evaluates without it). A child forked from this
process starts with everything it holds: no interpreter to start, no module to import, no
argument to pickle; only its result comes back, pickled, through a pipe
(:mod:`multiprocessing`'s ``fork`` context). :func:`forked` runs one function so, on Linux
with two CPUs or more, and falls back to running it here whenever the child cannot answer.

The function must only compute (no store, file or terminal of the parent: the child shares
the parent's open descriptors): ``nufuz view`` hands it the measures, communities and layout
of its page (:func:`visualizations.explorer.graph_shape`).
"""
from __future__ import annotations

import functools
import gc
import os
import sys
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

#: Seconds :func:`forked`'s result waits for the child before it kills it and computes
#: here (a child is expected in about a second; this only bounds a child that hangs).
CHILD_TIMEOUT = 300.0


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether :func:`forked` runs its function in a child: Linux (``fork`` is the safe and
    cheap start there; macOS's system libraries are not fork-safe, Windows has no fork) and
    at least two usable CPUs."""
    import multiprocessing as mp

    return sys.platform.startswith("linux") and "fork" in mp.get_all_start_methods() and usable_cpus() >= 2


def _child(conn: Any, fn: Callable[..., Any], args: tuple) -> None:
    """The child's body: ``fn(*args)`` sent back as ``("ok", value)``, or ``("error",
    message)``; no collector pass (it would touch, and so copy, every page of the heap it
    shares with the parent)."""
    gc.disable()
    try:
        out: tuple = ("ok", fn(*args))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which computes again
        out = ("error", f"{type(exc).__name__}: {exc}")
    try:
        conn.send(out)
    except Exception as exc:  # noqa: BLE001 - e.g. a value that does not pickle
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def forked(fn: Callable[..., T], *args: Any, timeout: float = CHILD_TIMEOUT) -> Callable[[], T]:
    """Start ``fn(*args)`` in a forked child process; return what waits for its value.

    Parameters
    ----------
    fn : callable
        A computation: no side effect the parent needs, a picklable result.
    *args
        Its arguments (inherited by the child as they are, not copied).
    timeout : float
        Seconds the returned callable waits for the child.

    Returns
    -------
    callable
        Called once, with no argument: ``fn(*args)``. It is the child's value; when the
        child cannot be started (:func:`can_fork` false, or the OS refuses a process), or
        fails, dies or stays silent past ``timeout`` (it is then killed), ``fn(*args)`` is
        computed here, so that an error is raised here with its traceback.
    """
    here = functools.partial(fn, *args)
    if not can_fork():
        return here
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args), name="nufuz-forked", daemon=True)
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns on fork() in a process with threads (a store's, a reader's):
            # the child only computes, touching none of their locks
            warnings.simplefilter("ignore", DeprecationWarning)
            proc.start()
    except OSError:  # no process to be had (EAGAIN, ENOMEM): here, then
        recv.close()
        send.close()
        return here
    send.close()

    def result() -> T:
        try:
            if recv.poll(timeout):
                kind, value = recv.recv()
                if kind == "ok":
                    return value
        except (EOFError, OSError):  # the child died before answering
            pass
        finally:
            recv.close()
            if proc.is_alive():
                proc.kill()
            proc.join()
        return here()

    return result
