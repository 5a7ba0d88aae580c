"""Writing output files so that nothing is lost: whole or not at all, never over an input.

Owns the rules. A regular file is written to a temporary file beside it and
renamed over it, keeping an existing file's permission bits; a symlink is
written through (the link stays a link); a FIFO or a device (/dev/null, a
process substitution) is written to directly, never replaced. Several files
are staged first and renamed together, each old file kept (a hard link)
until all are in place: a rename that fails puts back those already made.
Raises OrgchartError subclasses; never prints.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from orgchart.errors import OrgchartError


class OutputClash(OrgchartError):
    """An output would overwrite one of the inputs."""


class WriteFailed(OrgchartError):
    """An output could not be written; nothing of it was left behind."""


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode
    except OSError:
        return None


def check_outputs(outputs: Iterable[Path], inputs: Mapping[Path, str]) -> None:
    """Raise OutputClash when an output is one of the inputs (the same file, by
    device and inode: another name or a link to it counts too). `inputs` says
    what each input is ("the template house.html"), for the message."""
    given = {p: what for p, what in inputs.items() if _mode(p) is not None}
    for output in outputs:
        if _mode(output) is None:
            continue
        for source, what in given.items():
            if os.path.samefile(output, source):
                raise OutputClash(
                    f"the output {output} is {what}: write to another file", file=str(output)
                )


def write_files(files: dict[Path, bytes], remove: Iterable[Path] = ()) -> None:
    """Write every file and remove every file of `remove` (regular files only),
    all or nothing. Raises WriteFailed, after putting back whatever was
    already replaced or removed and removing whatever was staged; an
    interrupt (KeyboardInterrupt, SystemExit) does the same."""
    staged: list[tuple[str, Path]] = []
    direct: list[tuple[Path, bytes]] = []
    done: list[tuple[Path, str | None]] = []  # a file changed, and where its old self is kept
    spares: list[str] = []  # every old self kept, removed at the end
    current: Path | None = None
    verb = "write"
    try:
        for output, payload in files.items():
            current = output
            mode = _mode(output)
            if mode is not None and stat.S_ISDIR(mode):
                raise IsADirectoryError(errno.EISDIR, "it is a folder")
            if mode is not None and not stat.S_ISREG(mode):
                direct.append((output, payload))  # a FIFO or a device: never replaced
                continue
            # Through a symlink to the file it names, so the link stays a link.
            target = Path(os.path.realpath(output)) if output.is_symlink() else output
            directory = target.parent if str(target.parent) else Path(".")
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else _default_mode())
        for tmp, target in staged:
            current = target
            kept = _keep(target, f"{tmp}.old", spares)
            os.replace(tmp, target)
            done.append((target, kept))
        staged = []
        for stale in remove:
            current, verb = stale, "remove the old"
            mode = os.lstat(stale).st_mode if os.path.lexists(stale) else None
            if mode is not None and stat.S_ISREG(mode):
                kept = _keep(stale, _spare_name(stale), spares)
                stale.unlink()
                done.append((stale, kept))
        for output, payload in direct:
            current, verb = output, "write"
            with output.open("wb") as handle:
                handle.write(payload)
    except BaseException as exc:
        lost = _put_back(done)
        spares = [kept for kept in spares if kept not in lost]  # the only copy left: kept
        if isinstance(exc, OSError):
            raise WriteFailed(
                f"cannot {verb} {current}: {exc.strerror or exc}", file=str(current)
            ) from exc
        raise
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        for kept in spares:
            Path(kept).unlink(missing_ok=True)


def _keep(path: Path, spare: str, spares: list[str]) -> str | None:
    """Keep the file at `path` (a hard link, else a copy) under `spare`, listed
    in `spares`, until the write is through; None when there is no file there."""
    if not path.exists():
        return None
    try:
        os.link(path, spare)
    except FileExistsError:
        raise  # another's file: never written over
    except OSError:
        spares.append(spare)
        shutil.copy2(path, spare)  # a file system with no hard links
        return spare
    spares.append(spare)
    return spare


def _spare_name(path: Path) -> str:
    fd, spare = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
    os.close(fd)
    os.unlink(spare)
    return spare


def _put_back(done: list[tuple[Path, str | None]]) -> set[str]:
    """Undo the changes made so far, last first: an old file back in its place,
    a new one removed. Returns the kept old files that could not go back."""
    lost: set[str] = set()
    for target, kept in reversed(done):
        try:
            if kept is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(kept, target)
        except OSError:
            if kept is not None:
                lost.add(kept)  # put back all that can be
    return lost


def _default_mode() -> int:
    """The permissions a plain open() would give a new file (mkstemp's are private)."""
    return 0o666 & ~_umask()


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Write `files` (name -> bytes) into `folder`, all or nothing: a folder
    that does not exist yet is made under a temporary name beside it and
    renamed into place once every file is in it, so that no one ever sees it
    half written; into an existing folder the files go as write_files puts
    them. Raises WriteFailed, leaving nothing behind."""
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            raise WriteFailed(f"{folder} is not a folder", file=str(folder))
        write_files({folder / name: data for name, data in files.items()})
        return
    parent = folder.parent if str(folder.parent) else Path(".")
    staging: str | None = None
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent)
        for name, data in files.items():
            path = Path(staging) / name
            path.write_bytes(data)
            os.chmod(path, _default_mode())
        os.chmod(staging, 0o777 & ~_umask())
        os.rename(staging, folder)
        staging = None
    except OSError as exc:
        raise WriteFailed(
            f"cannot write {folder}: {exc.strerror or exc}", file=str(folder)
        ) from exc
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
