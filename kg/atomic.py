"""Atomic file writes: every output of nufuz is written to a temporary file beside its
target and moved into place with :func:`os.replace`, so a failed or interrupted run never
leaves a half-written file, and an earlier output stays intact until the new one is whole."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` atomically.

    Parameters
    ----------
    path : str or Path
        Target file; its folder is created when missing.
    data : bytes or str
        The content; a str is written as UTF-8 with ``\\n`` line ends.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OSError
        If the folder cannot be created or written (the temporary file is removed).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates 0600 files; keep the mode of the file we replace, else rw-r--r--
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
