"""Writing output files safely: regular files only, whole or not at all, modes kept.

:func:`write_text_file` is what ``fedlocal export -o`` uses. The rules:

* The target must be a regular file or not exist yet. A folder, a device (``/dev/null``), a FIFO
  or a socket is refused in one line: renaming a temporary file over it would replace the special
  file with a regular one.
* A symbolic link is followed: the file it points to is replaced and the link itself stays (a
  link to a missing file creates that file; a link to a special file is refused like the file).
* Without ``force``, an existing file is not overwritten.
* The text goes to a temporary file in the target's folder that is then renamed over the target,
  so a reader never sees half a file and a failed write leaves the old file as it was.
* An existing file keeps its permission bits; a new file gets the usual ``0666`` less the umask.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from gametheory.exceptions import OutputError

__all__ = ["write_text_file"]


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_file(path: str | os.PathLike[str], text: str, *, force: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically and return the path written.

    Parameters
    ----------
    path
        The file to write; a symbolic link is followed (the file it points to is written).
    text
        The whole content.
    force
        Replace an existing file. Without it an existing file is refused.

    Raises
    ------
    OutputError
        The path is empty, its folder is missing, it is not a regular file, it exists and
        ``force`` is false, or the operating system refused the write; one line, naming the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_text_file(folder / "out.txt", "hello\\n").read_text()
    'hello\\n'
    >>> write_text_file(folder / "out.txt", "again\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.exceptions.OutputError: ...out.txt: the file exists; use --force to replace it
    >>> write_text_file(folder, "x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.exceptions.OutputError: ...: is a folder, not a regular file; refusing to write
    """
    given = os.fspath(path)
    if not given:
        raise OutputError("", "an empty output path; give a file name (or - for standard output)")
    target = Path(os.path.realpath(given))  # follows symbolic links
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise OutputError(given, f"cannot inspect the path: {err.strerror}") from None
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(
                given, f"is {_kind(info.st_mode)}, not a regular file; refusing to write"
            )
        if not force:
            raise OutputError(given, "the file exists; use --force to replace it")
        mode = stat.S_IMODE(info.st_mode)
    else:
        mode = 0o666 & ~_umask()
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(given, f"the folder {str(folder)!r} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(given, f"cannot write in the folder: {err.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(given, f"cannot write the file: {err.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
