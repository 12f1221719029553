"""The log of a served app as `krapte serve` writes it: JSON lines (krapte.web.observe)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from pythonjsonlogger.json import JsonFormatter

from krapte.web.observe import LOG_CONFIG

#: Loggers whose lines `krapte serve` writes: krapte's own (requests, errors) and uvicorn's.
SERVED_LOGGERS = ("krapte", "uvicorn", "uvicorn.error", "uvicorn.access")


@contextmanager
def collected_log() -> Iterator[io.StringIO]:
    """Every line krapte and uvicorn log while the block runs, formatted as JSON (INFO and up)."""
    stream = io.StringIO()
    options = {k: v for k, v in LOG_CONFIG["formatters"]["json"].items() if k != "()"}
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**options))
    handler.setLevel(logging.INFO)
    loggers = [logging.getLogger(name) for name in SERVED_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
    logging.getLogger("krapte").setLevel(logging.INFO)
    try:
        yield stream
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]
