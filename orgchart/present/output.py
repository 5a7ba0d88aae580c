"""Writing output files so that nothing is lost: whole or not at all, never over an input.

Owns the rules. A regular file is written to a temporary file beside it and
renamed over it, keeping an existing file's permission bits; a symlink is
written through (the link stays a link); a FIFO or a device (/dev/null, a
process substitution) is written to directly, never replaced. Several files
are staged first and renamed together. Raises OrgchartError subclasses;
never prints.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
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


def check_outputs(outputs: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Raise OutputClash when an output is one of the inputs (the same file, by
    device and inode: another name or a link to it counts too)."""
    given = [p for p in inputs if _mode(p) is not None]
    for output in outputs:
        if _mode(output) is None:
            continue
        for source in given:
            if os.path.samefile(output, source):
                raise OutputClash(
                    f"the output {output} is the input {source}: write to another file",
                    file=str(output),
                )


def write_files(files: dict[Path, bytes]) -> None:
    """Write every file, all or nothing. Raises WriteFailed, after removing
    whatever was staged; an interrupt (KeyboardInterrupt, SystemExit) also
    leaves no temporary file."""
    staged: list[tuple[str, Path]] = []
    direct: list[tuple[Path, bytes]] = []
    current: Path | None = None
    try:
        for output, payload in files.items():
            current = output
            mode = _mode(output)
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
            os.replace(tmp, target)
        staged = []
        for output, payload in direct:
            current = output
            with output.open("wb") as handle:
                handle.write(payload)
    except OSError as exc:
        raise WriteFailed(
            f"cannot write {current}: {exc.strerror or exc}", file=str(current)
        ) from exc
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


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
