"""A writer process for the backup tests: stores versions of one dataset until told to stop.

Each version holds :data:`PER_RELEASE` figures, written in one transaction, so a consistent copy
of the store holds exactly ``PER_RELEASE`` figures per version of the dataset ``schrijver``.
Run as ``python writer.py READY STOP`` with ``tests`` on PYTHONPATH; it writes the number of
versions stored so far to READY after every commit and stops when STOP exists.
"""

from __future__ import annotations

import sys
from pathlib import Path

from builders import obs, store_release
from krapte.bootstrap import bootstrap

PER_RELEASE = 40
DATASET = "schrijver"


def main(ready: Path, stop: Path) -> None:
    container = bootstrap()
    written = 0
    while not stop.exists():
        figures = [obs(dataset=DATASET, period=str(1900 + i)) for i in range(PER_RELEASE)]
        with container.unit_of_work(write=True) as uow:
            store_release(uow.session, figures, dataset=DATASET, label=f"v{written}")
            uow.commit()
        written += 1
        ready.write_text(str(written), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
