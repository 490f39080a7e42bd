"""Atomic file writes: every output of nufuz is written to a temporary file beside its
target and moved into place with :func:`os.replace`, so a failed or interrupted run never
leaves a half-written file, and an earlier output stays intact until the new one is whole;
:func:`replace_set` does the same for the files of one build taken together."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` atomically: :func:`atomic_stream` with the content given
    whole (a str is written as UTF-8 with ``\\n`` line ends); returns ``path``, raises
    ``OSError`` when the folder cannot be made or written (the temporary file removed)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return atomic_stream(path, lambda fh: fh.write(data))


def atomic_stream(path: str | Path, write: Callable[[BinaryIO], object]) -> Path:
    """Write ``path`` atomically with ``write(fh)``, which writes the content to the binary
    file ``fh`` (a temporary file beside ``path``, moved into place when ``write``
    returns): for content made as it is written (a store streamed by Oxigraph). A symbolic
    link stays a link (the file it points to is replaced); a device or a pipe
    (``/dev/null``, a FIFO) is written to directly, not replaced.

    Parameters
    ----------
    path : str or Path
        Target file; its folder is created when missing.
    write : callable
        Called once with the open file; what it returns is ignored.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OSError
        If the folder cannot be created or written (the temporary file is removed).
    Exception
        What ``write`` raises (the temporary file is removed; ``path`` is left as it was).
    """
    given = path = Path(path)
    if path.is_symlink():  # the file the link points to is replaced; the link stays
        path = path.resolve()
    if path.exists() and not path.is_file() and not path.is_dir():
        with path.open("wb") as fh:  # a device or a pipe (/dev/null, a FIFO): written to as it is
            write(fh)
        return given
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            # mkstemp creates 0600 files; keep the mode of the file we replace, else rw-r--r--
            os.fchmod(fh.fileno(), path.stat().st_mode & 0o777 if path.exists() else 0o644)
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return given


def replace_set(folder: str | Path, write: Callable[[Path], dict[str, Path]]) -> dict[str, Path]:
    """Replace a set of files in ``folder`` all together, or not at all.

    ``write(staging)`` writes every file of the set into ``staging``, a new hidden folder
    inside ``folder`` (so on the same file system). Only when it returns are the files moved
    into ``folder`` (:func:`os.replace`, one by one, each atomic); the files they replace are
    first hard-linked into a second hidden folder, so that a move failing half-way puts the
    previous files back. When ``write`` raises (a full disk, a failing writer), nothing in
    ``folder`` has changed. Both hidden folders are removed in every case.

    Parameters
    ----------
    folder : str or Path
        The output folder; created when missing.
    write : callable
        ``write(staging: Path) -> dict[key, Path]``: the files it wrote, each directly
        inside ``staging``.

    Returns
    -------
    dict[str, Path]
        The same keys, with the files' final paths in ``folder``.

    Raises
    ------
    OSError
        From ``write`` or from the moves (the previous set is then back in place);
        anything else ``write`` raises, with ``folder`` unchanged.
    """
    import shutil

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=".nufuz-new-"))
    backup = None
    moved: list[Path] = []
    try:
        written = write(staging)
        names = {key: Path(p).name for key, p in written.items()}
        for key, p in written.items():
            if Path(p).resolve().parent != staging.resolve():
                raise ValueError(f"{p}: written outside the staging folder")
        backup = Path(tempfile.mkdtemp(dir=folder, prefix=".nufuz-old-"))
        for name in names.values():
            if (folder / name).exists():
                os.chmod(staging / name, (folder / name).stat().st_mode & 0o777)  # keep its mode
                try:
                    os.link(folder / name, backup / name)
                except OSError:  # a file system without hard links
                    shutil.copy2(folder / name, backup / name)
        try:
            for name in names.values():
                os.replace(staging / name, folder / name)
                moved.append(folder / name)
        except BaseException:
            for target in moved:  # put the previous set back (or remove a new file that had none)
                if (backup / target.name).exists():
                    os.replace(backup / target.name, target)
                else:
                    target.unlink(missing_ok=True)
            raise
        return {key: folder / name for key, name in names.items()}
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
