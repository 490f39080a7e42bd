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

import gc
import os
import sys
from collections.abc import Callable
from typing import Any

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


def _child(conn: Any, other_end: Any, fn: Callable[..., Any], args: tuple) -> None:
    """The child's body: ``fn(*args)`` sent back as ``("ok", value)``, or ``("error",
    message)``. It closes its copy of the pipe's reading end first (so that a send to a
    parent gone or no longer reading fails instead of waiting for ever), and makes no
    collector pass (it would touch, and so copy, every page of the heap it shares with the
    parent)."""
    other_end.close()
    gc.disable()
    try:
        out: tuple = ("ok", fn(*args))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which computes again
        out = ("error", f"{type(exc).__name__}: {exc}")
    try:
        try:
            conn.send(out)
        except Exception as exc:  # noqa: BLE001 - e.g. a value that does not pickle
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    except BaseException:  # noqa: BLE001 - the parent is gone, or stopped (Ctrl-C): nothing to say
        pass
    finally:
        conn.close()


class Forked:
    """A computation started by :func:`forked`: :meth:`result` (or calling it) waits for its
    value, :meth:`cancel` stops the child when the value is not wanted any more.

    Attributes
    ----------
    answered_by : int or None
        After :meth:`result`: the child's process id when its value was used, None when the
        value was computed in this process.
    """

    def __init__(self, fn: Callable[..., Any], args: tuple, proc: Any = None, conn: Any = None,
                 timeout: float = CHILD_TIMEOUT):
        self._fn, self._args, self._proc, self._conn, self._timeout = fn, args, proc, conn, timeout
        self.answered_by: int | None = None

    def result(self) -> Any:
        """The value: the child's, or ``fn(*args)`` computed here when there is no child or
        it failed, died or stayed silent past the timeout (then killed); an error of
        ``fn`` is so raised here, with its traceback. Called once."""
        if self._proc is not None:
            try:
                if self._conn.poll(self._timeout):
                    kind, value = self._conn.recv()
                    if kind == "ok":
                        self.answered_by = self._proc.pid
                        return value
            except (EOFError, OSError):  # the child died before answering
                pass
            finally:
                self.cancel()
        return self._fn(*self._args)

    __call__ = result

    def cancel(self) -> None:
        """Stop the child (killed if still running) and close the pipe; nothing when there
        is no child or it has ended."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        self._conn.close()
        if proc.is_alive():
            proc.kill()
        proc.join()


def forked(fn: Callable[..., Any], *args: Any, timeout: float = CHILD_TIMEOUT) -> Forked:
    """Start ``fn(*args)`` in a forked child process.

    Parameters
    ----------
    fn : callable
        A computation: no side effect the parent needs, a picklable result, and no import
        (a module another thread of the parent was importing at the fork stays locked in
        the child: import what it needs before).
    *args
        Its arguments (inherited by the child as they are, not copied).
    timeout : float
        Seconds :meth:`Forked.result` waits for the child.

    Returns
    -------
    Forked
        Its :meth:`~Forked.result` is ``fn(*args)``: the child's value, or computed here
        when the child cannot be started (:func:`can_fork` false, or the OS refuses a
        process) or does not answer. Call :meth:`~Forked.cancel` when the value will not
        be asked for (an error meanwhile): the child is killed. Python 3.12 and later warn
        (``DeprecationWarning``, not shown by default) that a fork of a process with
        threads may deadlock: the child here runs ``fn`` only, and its value does not
        depend on the threads of the parent.
    """
    if not can_fork():
        return Forked(fn, args, timeout=timeout)
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, recv, fn, args), name="nufuz-forked", daemon=True)
    try:
        proc.start()
    except OSError:  # no process to be had (EAGAIN, ENOMEM): here, then
        recv.close()
        send.close()
        return Forked(fn, args, timeout=timeout)
    send.close()
    return Forked(fn, args, proc, recv, timeout)
