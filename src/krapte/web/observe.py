"""Every request observed: a request id, one structured log line and a latency figure.

:class:`Observe` is the outermost ASGI layer of the site. For each HTTP request it

* takes the proxy's ``X-Request-ID`` when it looks like an id (nginx sends ``$request_id``), or
  makes one, and returns it as ``X-Request-ID``;
* logs one JSON line on the logger ``krapte.access`` (python-json-logger, see
  :data:`LOG_CONFIG`) with the method, the route TEMPLATE (``/stages/{round_id}/mijn-lijst``,
  never the raw path, which may hold ids or tokens), the status, the duration and the request id.
  Nothing personal is logged: no path values, no query string, no client address, no user;
* records the duration in the Prometheus histogram per route template (:mod:`krapte.metrics`).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any, Final

from pythonjsonlogger.core import RESERVED_ATTRS
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from krapte.metrics import observe_request

logger = logging.getLogger("krapte.access")

HEADER: Final = "x-request-id"
_HEADER_BYTES: Final = HEADER.encode()
#: An incoming request id is kept only when it is short and plain (no injection into logs).
_GOOD_ID: Final = re.compile(r"[A-Za-z0-9._-]{8,64}")
#: Requests no route matched (404s, refusals before routing) share one label.
UNMATCHED: Final = "<unmatched>"

#: Logging of `krapte serve`: one JSON object per line on standard error, uvicorn's own lines
#: (start, stop, errors) included; uvicorn's access log stays off (``krapte.access`` replaces it).
LOG_CONFIG: Final[dict[str, Any]] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,  # ISO 8601 in UTC
            # uvicorn's coloured copy of each message is left out.
            "reserved_attrs": [*RESERVED_ATTRS, "color_message"],
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        "krapte": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def log_config(level: str) -> dict[str, Any]:
    """:data:`LOG_CONFIG` with ``level`` (``info``, ``warning``, ...) on krapte and uvicorn."""
    loggers = {
        name: {**config, "level": level.upper()} if name != "uvicorn.access" else config
        for name, config in LOG_CONFIG["loggers"].items()
    }
    return {**LOG_CONFIG, "loggers": loggers}


def route_template(scope: Scope) -> str:
    """The path pattern of the route that answered (``/api/v1/offers/{offer_id}``)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path + "/{path}" if isinstance(route, Mount) else path
    mounted = scope.get("root_path", "")
    if "endpoint" in scope and isinstance(mounted, str) and mounted:
        return mounted + "/{path}"  # a mounted app (static files): its prefix
    return UNMATCHED


def request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == _HEADER_BYTES:
            text: str = value.decode("latin-1")
            if _GOOD_ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex


class Observe:
    """The outermost layer of the site (see the module's description)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        rid = request_id(scope)
        scope.setdefault("state", {})["request_id"] = rid
        status = 500

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                # A new list: a cached answer's headers are shared by every replay.
                headers = [(k, v) for k, v in message.get("headers", ()) if k != _HEADER_BYTES]
                message = {**message, "headers": [*headers, (_HEADER_BYTES, rid.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            method = scope["method"]
            observe_request(method, route, status, seconds)
            logger.info(
                "request",
                extra={
                    "request_id": rid,
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                },
            )
