"""Writing export files safely: never over a file imr-review did not write, never half a file.

Every export target gets a marker, a small hidden JSON file that names what the export wrote and
each file's identity (inode, size, modification time): `.NAME.imr-export` beside a file target,
`.imr-export` inside a brat folder. A target may be replaced only when the marker says imr-review
wrote everything there and nothing changed since; anything else is refused with the path that is
in the way. Each file is written to a private (0600) temporary file beside it and renamed into
place when complete; the temporaries carry the writer's process id, so the next export removes
those whose writer is gone (a killed export's leftovers) and leaves a running export's alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MARKER_SUFFIX = ".imr-export"
FOLDER_MARKER = ".imr-export"
_TEMP = re.compile(r"^\.(?P<name>.+)\.imr-export\.(?P<pid>\d+)\.[0-9a-f]+\.tmp$")


class ExportError(Exception):
    """An export that could not be written, with the reason; nothing partial is left."""


def _why(error: OSError) -> str:
    return error.strerror or str(error)


def _identity(path: Path) -> list[int]:
    info = os.lstat(path)
    return [info.st_ino, info.st_size, info.st_mtime_ns]


def check_out(out: str | os.PathLike[str], folder: bool) -> Path:
    """The export target as given, refused when it names no usable place (``.``, ``/``, "")."""
    text = os.fspath(out)
    if not text.strip():
        raise ExportError("--out is empty; name the file or folder to write")
    path = Path(text)
    resolved = path.resolve()
    if resolved.parent == resolved or path.name in ("", ".", "..") or resolved == Path.cwd():
        raise ExportError(
            f"--out {text!r} names a folder already in use; give the name of a new "
            + ("folder" if folder else "file")
            + " to write"
        )
    parent = path.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: the folder {parent} does not exist")
    if not folder and path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder; give a file name")
    if folder and (path.is_symlink() or (path.exists() and not path.is_dir())):
        raise ExportError(f"cannot write {path}: a file of that name is in the way")
    return path


# --- leftovers of killed exports ------------------------------------------------------------


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(folder: Path) -> list[str]:
    """Remove temporaries that exports whose process is gone left in ``folder``; their names."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if not match or _alive(int(match["pid"])):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                marker = _read_marker(Path(entry.path) / FOLDER_MARKER)
                if marker is None:  # a folder being built: only what the export wrote
                    shutil.rmtree(entry.path)
                else:  # an earlier export set aside: only the files its marker lists
                    _remove_listed(Path(entry.path), marker["files"])
            else:
                os.unlink(entry.path)
        except OSError:
            continue
        removed.append(entry.name)
    return removed


def temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.imr-export.{os.getpid()}.{secrets.token_hex(4)}.tmp")


# --- markers --------------------------------------------------------------------------------


def marker_of(target: Path) -> Path:
    return target.with_name(f".{target.name}{MARKER_SUFFIX}")


def _read_marker(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else None


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = temp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def check_file_target(target: Path) -> None:
    """Refuse a file target that exists unless an earlier export wrote it and it is unchanged."""
    if not os.path.lexists(target):
        return
    marker = _read_marker(marker_of(target))
    if marker is None:
        raise ExportError(
            f"{target} exists and was not written by imr-review; "
            "move it away or choose another name (nothing was changed)"
        )
    if target.is_symlink() or not target.is_file():
        raise ExportError(f"{target} is not a regular file; choose another name")
    if _identity(target) not in marker["files"].get(target.name, []):
        raise ExportError(
            f"{target} has changed since imr-review wrote it; "
            "move it away or choose another name (nothing was changed)"
        )


@contextlib.contextmanager
def atomic_file(path: Path, binary: bool = False, guard: bool = False) -> Iterator[Any]:
    """A private (0600) temporary file beside ``path`` that replaces it only when complete.

    With ``guard`` the target is refused unless an earlier export wrote it (see the module
    docstring), and a marker is kept beside it.
    """
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    if guard:
        check_file_target(path)
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise ExportError(f"cannot write {path} ({_why(error)})") from None
    try:
        mode = "wb" if binary else "w"
        kwargs: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if guard:
            # The marker accepts both the old file and the new one until the rename is done,
            # so a kill between the two never leaves an export that the next run refuses.
            marker = marker_of(path)
            old = _identity(path) if path.exists() else None
            files = {path.name: [_identity(tmp)] + ([old] if old else [])}
            _write_json(marker, {"format": "imr-export-marker/1", "files": files})
            os.replace(tmp, path)
            _write_json(
                marker, {"format": "imr-export-marker/1", "files": {path.name: [_identity(path)]}}
            )
        else:
            os.replace(tmp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ExportError(f"cannot write {path} ({_why(error)}); nothing was written") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --- folders (brat) -------------------------------------------------------------------------


def _folder_contents(folder: Path) -> dict[str, list[int] | None]:
    """Every path under ``folder`` (relative, "/"-separated): a file's identity, None for a folder."""
    out: dict[str, list[int] | None] = {}
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        for name in dirs:
            out[(base / name).relative_to(folder).as_posix()] = None
        for name in files:
            out[(base / name).relative_to(folder).as_posix()] = _identity(base / name)
    return out


def check_folder_target(target: Path) -> dict[str, Any] | None:
    """Refuse a folder unless it is empty or an unchanged earlier export; its marker if any."""
    if not target.exists():
        return None
    try:
        contents = _folder_contents(target)
    except OSError as error:
        raise ExportError(f"cannot read {target} ({_why(error)}); nothing was changed") from None
    if not contents:
        return None
    marker = _read_marker(target / FOLDER_MARKER)
    listed = {} if marker is None else marker["files"]
    for rel, identity in sorted(contents.items()):
        if rel == FOLDER_MARKER and marker is not None:
            continue
        if rel not in listed:
            raise ExportError(
                f"{target} holds {rel}, which was not written by imr-review; "
                "choose a new or empty folder (nothing was changed)"
            )
        if identity is not None and identity != listed[rel]:
            raise ExportError(
                f"{target / rel} has changed since imr-review wrote it; "
                "choose a new or empty folder (nothing was changed)"
            )
    return marker


def _remove_listed(folder: Path, listed: dict[str, Any]) -> None:
    """Delete only the files and folders an export's marker lists (deepest first)."""
    for rel in sorted(listed, key=lambda r: r.count("/"), reverse=True):
        path = folder / rel
        with contextlib.suppress(OSError):
            if listed[rel] is None:
                os.rmdir(path)
            else:
                os.unlink(path)
    with contextlib.suppress(OSError):
        os.unlink(folder / FOLDER_MARKER)
    with contextlib.suppress(OSError):
        os.rmdir(folder)


@contextlib.contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """A private (0700) temporary folder that replaces ``target`` only when complete.

    ``target`` must be absent, empty, or an unchanged earlier export (else ExportError).
    """
    clean_leftovers(target.parent)
    marker = check_folder_target(target)
    tmp = temp_path(target)
    try:
        os.mkdir(tmp, 0o700)
    except OSError as error:
        raise ExportError(f"cannot write {target} ({_why(error)})") from None
    try:
        yield tmp
        _write_json(
            tmp / FOLDER_MARKER, {"format": "imr-export-marker/1", "files": _folder_contents(tmp)}
        )
        _fsync_dir(tmp)
        if target.exists() and marker is None:  # an empty folder: rename(2) replaces it
            os.rename(tmp, target)
        elif target.exists():
            assert marker is not None
            aside = temp_path(target)
            os.rename(target, aside)
            os.rename(tmp, target)
            _remove_listed(aside, marker["files"])
        else:
            os.rename(tmp, target)
        _fsync_dir(target.parent)
    except OSError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ExportError(f"cannot write {target} ({_why(error)}); nothing was written") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def private_write(path: Path, data: str | bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        handle.flush()
        os.fsync(handle.fileno())
