"""Output folders written all or nothing: filled in a hidden staging folder, then renamed.

The staging folder sits next to the output folder (same file system, so the rename is atomic) and
is named ``.krapte-staging-<name>-<process id>-<random>``. A run that is killed cannot remove its
own staging folder; the next run towards the same output folder removes every staging folder of
that name whose process no longer runs, so none is left behind for long.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from krapte.errors import Conflict, InvalidInput, os_error
from krapte.tabular.write import umask

STAGING = ".krapte-staging-"
FIELD = "uitvoermap"


def check_output_folder(out: Path) -> None:
    """Refuse an output folder that exists with content, or that cannot be a folder at all."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        what = "is een bestand" if not out.is_dir() else "bestaat al en is niet leeg"
        raise Conflict(f"de uitvoermap {out} {what}; kies een nieuwe of lege map")
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InvalidInput.single(
                    f"{out} kan geen map worden: {parent} is een bestand", field=FIELD
                )
            break


def stage(out: Path) -> Path:
    """A new staging folder for ``out`` (after removing stale ones of killed runs)."""
    check_output_folder(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(out)
        staging = Path(
            tempfile.mkdtemp(prefix=f"{STAGING}{out.name}-{os.getpid()}-", dir=out.parent)
        )
        staging.chmod(0o777 & ~umask())  # an ordinary folder once in place, not a private one
        return staging
    except OSError as exc:
        raise InvalidInput.single(
            f"{out} kan niet gemaakt worden ({os_error(exc)}); er is niets geschreven",
            field=FIELD,
        ) from exc


def publish(staging: Path, out: Path) -> None:
    """Move the filled staging folder into place as ``out``."""
    try:
        if out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        os.replace(staging, out)
    except OSError as exc:
        discard(staging)
        raise Conflict(
            f"de uitvoermap {out} kon niet op haar plaats gezet worden ({os_error(exc)})"
        ) from exc


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def remove_stale(out: Path) -> list[Path]:
    """Remove the staging folders for ``out`` left by runs whose process is gone."""
    removed = []
    prefix = f"{STAGING}{out.name}-"
    for candidate in out.parent.glob(f"{prefix}*"):
        pid_text = candidate.name[len(prefix) :].split("-", 1)[0]
        if candidate.is_dir() and pid_text.isdigit() and not _alive(int(pid_text)):
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
    return removed


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


@contextmanager
def output_folder(out: Path) -> Iterator[Path]:
    """A staging folder that becomes ``out`` when the block succeeds, and vanishes otherwise."""
    staging = stage(out)
    try:
        yield staging
    except BaseException:
        discard(staging)
        raise
    publish(staging, out)


def write_json(path: Path, content: object) -> None:
    """A JSON file as people read it (indented, UTF-8); never ``NaN`` or ``Infinity``."""
    text = json.dumps(content, ensure_ascii=False, indent=2, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
