"""Charts on the site: a Vega-Lite specification rendered to SVG on the server (vl-convert).

Pages show a chart as ``<img src="….svg" alt="…">`` followed by a table with the same figures
(the accessible alternative), so no chart needs a script in the browser and the page's Content
Security Policy stays strict. Rendering takes tens of milliseconds, so every SVG is cached by the
hash of its specification and served with an ``ETag``: a chart is drawn once per data version.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any, Final

from fastapi import Request
from starlette.responses import Response

Spec = dict[str, Any]

#: Charts kept in memory per process (an SVG is some tens of kB).
CACHE_SIZE: Final = 256
#: Shared look of every chart: Flemish number format, horizontal labels, readable fonts.
CONFIG: Final[Spec] = {
    "locale": {
        "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    },
    "font": "system-ui, sans-serif",
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelAngle": 0},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
    "title": {"fontSize": 14, "anchor": "start"},
    "view": {"stroke": None},
}

_lock = threading.Lock()
_cache: OrderedDict[str, bytes] = OrderedDict()


def spec_key(spec: Spec) -> str:
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def svg(spec: Spec) -> bytes:
    """The SVG of a Vega-Lite specification, drawn once and then served from memory."""
    key = spec_key(spec)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    import vl_convert as vlc

    locale = spec.get("config", {}).get("locale") or CONFIG["locale"]
    drawn = vlc.vegalite_to_svg(
        {**spec, "config": {**CONFIG, **spec.get("config", {})}},
        format_locale=locale["number"],
    ).encode("utf-8")
    with _lock:
        _cache[key] = drawn
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return drawn


def svg_response(request: Request, spec: Spec) -> Response:
    """The chart as ``image/svg+xml``, with an ETag so a browser asks only when it changed."""
    etag = '"' + spec_key(spec) + '"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=60"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(svg(spec), media_type="image/svg+xml", headers=headers)
