"""The backup file: a gzipped tar archive holding ``manifest.json`` and one database copy.

```
krapte-backup.tar.gz
├── manifest.json        krapte version, schema revision, backend, created_at, row counts, SHA-256
└── database.sqlite      a copy made with SQLite's online backup API, or
    database.pgdump      a `pg_dump --format=custom` dump
```

The archive is written under a temporary name next to its target and renamed into place, so a
backup file is either complete or absent. Reading checks the archive, the manifest and the
checksum of the database part before anything is restored.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import time
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from krapte.errors import InvalidInput, os_error

FORMAT = "krapte-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_PART = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}

DAMAGED = "het bestand is beschadigd of onvolledig en is geen bruikbare back-up van krapte"


@dataclass(frozen=True)
class Manifest:
    """What a backup holds; ``tables`` maps every table to its number of rows."""

    krapte_version: str
    revision: str
    backend: str
    created_at: str
    tables: dict[str, int]
    sha256: str
    size_bytes: int
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    database_part: str = field(default="")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepare_target(target: Path) -> None:
    """Make the target's folder, or refuse a path that cannot hold the file, before any work."""
    try:
        if target.is_dir():
            raise IsADirectoryError(str(target))
        for parent in target.parents:
            if parent.exists():
                if not parent.is_dir():
                    raise NotADirectoryError(str(parent))
                break
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput.single(os_error(exc), file=str(target)) from exc


def write_archive(target: Path, manifest: Manifest, database: Path) -> None:
    """Write the archive atomically: a temporary file in the target's folder, then a rename."""
    prepare_target(target)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise InvalidInput.single(os_error(exc), file=str(target)) from exc
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest.as_dict(), indent=2).encode())
            archive.add(database, arcname=manifest.database_part, recursive=False)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InvalidInput.single(os_error(exc), file=str(target)) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(data))


def _damaged(source: Path, reason: str = DAMAGED) -> InvalidInput:
    return InvalidInput.single(reason, file=source.name)


def read_archive(source: Path, folder: Path) -> tuple[Manifest, Path]:
    """Check ``source`` and extract its database part into ``folder``; refuse a damaged file.

    Reads the whole archive (a truncated gzip stream fails only at its end), checks the manifest
    and the SHA-256 of the database part, and returns the manifest and the extracted part.
    """
    try:
        with tarfile.open(source, mode="r:gz") as archive:
            members = {member.name: member for member in archive.getmembers()}
            manifest = _manifest(source, archive, members.get(MANIFEST))
            member = members.get(manifest.database_part)
            if member is None or not member.isfile():
                raise _damaged(source, f"{DAMAGED}: het databankdeel ontbreekt")
            extracted = folder / Path(manifest.database_part).name
            part = archive.extractfile(member)
            assert part is not None
            with part, extracted.open("wb") as out:
                shutil.copyfileobj(part, out, 1 << 20)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise _damaged(source) from exc
    except OSError as exc:
        raise InvalidInput.single(os_error(exc), file=str(source)) from exc
    if extracted.stat().st_size != manifest.size_bytes or sha256_of(extracted) != manifest.sha256:
        raise _damaged(source, f"{DAMAGED}: de controlesom van de databank klopt niet")
    return manifest, extracted


def _manifest(source: Path, archive: tarfile.TarFile, member: tarfile.TarInfo | None) -> Manifest:
    if member is None or not member.isfile():
        raise _damaged(source, f"{DAMAGED}: {MANIFEST} ontbreekt")
    handle = archive.extractfile(member)
    assert handle is not None
    try:
        data = json.loads(handle.read().decode("utf-8"))
        if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
            raise ValueError(data.get("format"))
        manifest = Manifest(**data)
        if manifest.backend not in DATABASE_PART or not all(
            isinstance(count, int) for count in manifest.tables.values()
        ):
            raise ValueError(manifest.backend)
    except (ValueError, TypeError, AttributeError) as exc:
        raise _damaged(source, f"{DAMAGED}: {MANIFEST} is ongeldig") from exc
    return manifest
