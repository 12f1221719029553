"""Health, readiness and metrics: what a proxy, a supervisor and Prometheus ask the site.

* ``/health``: the process answers (no database; for liveness checks and load balancers).
* ``/ready``: the database answers and has the newest structure; 503 otherwise, with a
  machine-readable reason (``database_unreachable``, ``not_initialised``,
  ``migrations_pending``) and no prose in any language.
* ``/metrics``: Prometheus' text format (:mod:`krapte.metrics`), only with the bearer token of
  ``KRAPTE_METRICS_TOKEN``, or, without a token setting, only to a client on this machine that
  did not come through a proxy.

None of them is part of the public API (they are left out of the OpenAPI document).
"""

from __future__ import annotations

import hmac
from typing import Final

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse

from krapte.metrics import exposition
from krapte.operations.serving import readiness
from krapte.web.deps import get_container
from krapte.web.i18n import N_, _

router = APIRouter(include_in_schema=False)

LOOPBACK: Final = frozenset({"127.0.0.1", "::1", "localhost"})
NO_METRICS: Final = N_("De meetgegevens zijn niet openbaar.")
NOT_STORED: Final = {"cache-control": "no-store"}


@router.get("/health")
async def health() -> JSONResponse:
    return JSONResponse({"status": "ok"}, headers=NOT_STORED)


@router.get("/ready")
def ready(request: Request) -> JSONResponse:
    found = readiness(get_container(request).store)
    if found.ready:
        return JSONResponse({"status": "ready"}, headers=NOT_STORED)
    return JSONResponse(
        {"status": "unavailable", "reason": found.reason}, status_code=503, headers=NOT_STORED
    )


def _may_read_metrics(request: Request) -> bool:
    token = get_container(request).settings.metrics_token.strip()
    if token:
        given = request.headers.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    client = request.client.host if request.client else ""
    return client in LOOPBACK and "x-forwarded-for" not in request.headers


@router.get("/metrics")
def metrics(request: Request) -> Response:
    if not _may_read_metrics(request):
        raise HTTPException(403, _(NO_METRICS))
    body, content_type = exposition()
    return Response(body, media_type=content_type, headers=NOT_STORED)
