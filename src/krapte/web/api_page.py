"""The API page (``/api``): the OpenAPI document of ``/api/v1`` as a Dutch page, rendered here.

Every ``/api/v1`` operation is listed with its method, summary, parameters and their bounds, the
fields of its answer and, where every required parameter has an example or default, a link that
calls it. The page is built from ``app.openapi()``, so a new route shows up by itself; nothing is
loaded from a CDN and no script runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from krapte.formatting import number
from krapte.web.i18n import _
from krapte.web.templating import render

router = APIRouter()

API_PREFIX: Final = "/api/v1/"
OPENAPI_PATH: Final = "/api/v1/openapi.json"
METHODS: Final = ("get", "post", "put", "patch", "delete")
TYPES: Final = {
    "string": _("tekst"),
    "integer": _("geheel getal"),
    "number": _("getal"),
    "boolean": _("ja/nee"),
    "object": _("object"),
    "null": _("leeg"),
}
#: Bounds of a parameter or field, in the order they are shown.
BOUNDS: Final = (
    ("minimum", _("minstens {}")),
    ("exclusiveMinimum", _("meer dan {}")),
    ("maximum", _("hoogstens {}")),
    ("exclusiveMaximum", _("minder dan {}")),
    ("minLength", _("minstens {} tekens")),
    ("maxLength", _("hoogstens {} tekens")),
    ("minItems", _("minstens {} waarden")),
    ("maxItems", _("hoogstens {} waarden")),
    ("pattern", _("patroon {}")),
)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: str
    required: bool
    description: str
    bounds: tuple[str, ...] = ()
    location: str = ""


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Field, ...]
    response: str
    fields: tuple[Field, ...]
    example: str | None
    anchor: str


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        found: Any = document
        for part in ref[2:].split("/"):
            found = found.get(part, {})
        return _resolve(found, document) if isinstance(found, dict) else {}
    return schema


def kind(schema: dict[str, Any], document: dict[str, Any]) -> str:
    """The Dutch name of a schema's type: ``tekst``, ``lijst van geheel getal``, a model's name."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            names = [kind(option, document) for option in schema[key]]
            return _(" of ").join(dict.fromkeys(names))
    if "enum" in schema:
        return _("een van ") + ", ".join(f"'{value}'" for value in schema["enum"])
    if schema.get("type") == "array":
        return _("lijst van ") + kind(schema.get("items", {}), document)
    return TYPES.get(str(schema.get("type", "")), _("waarde"))


def _value(value: Any) -> str:
    """A bound as people write it: Flemish numbers (``1.000``, ``0,5``), text as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    decimals = 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])
    return number(value, decimals)


def bounds(schema: dict[str, Any]) -> tuple[str, ...]:
    """The schema's limits in Dutch (``hoogstens 500``), its default included."""
    found = [text.format(_value(schema[key])) for key, text in BOUNDS if key in schema]
    for option in schema.get("anyOf", []):
        found.extend(text.format(_value(option[key])) for key, text in BOUNDS if key in option)
    if schema.get("default") is not None:
        found.append(_("standaard {}").format(_value(schema["default"])))
    return tuple(found)


def _example(parameter: dict[str, Any]) -> Any:
    schema = parameter.get("schema", {})
    for source in (parameter, schema):
        if "example" in source:
            return source["example"]
        examples = source.get("examples")
        if isinstance(examples, list) and examples:
            return examples[0]
        if isinstance(examples, dict) and examples:
            first = next(iter(examples.values()))
            if isinstance(first, dict) and "value" in first:
                return first["value"]
    if schema.get("default") is not None:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    return None


def example_url(path: str, parameters: list[dict[str, Any]]) -> str | None:
    """A URL that calls the operation, or None when a required parameter has no example."""
    query: list[tuple[str, str]] = []
    for parameter in parameters:
        value = _example(parameter)
        if value is None:
            if parameter.get("required"):
                return None
            continue
        if parameter.get("in") == "path":
            path = path.replace("{" + parameter["name"] + "}", quote(str(value), safe=""))
        elif parameter.get("in") == "query" and parameter.get("required"):
            query.append((parameter["name"], str(value)))
    return path + ("?" + urlencode(query) if query else "")


def _fields(schema: dict[str, Any], document: dict[str, Any]) -> tuple[str, tuple[Field, ...]]:
    shown = kind(schema, document)
    resolved = _resolve(schema, document)
    if resolved.get("type") == "array":
        resolved = _resolve(resolved.get("items", {}), document)
    required = set(resolved.get("required", []))
    return shown, tuple(
        Field(
            name=name,
            kind=kind(prop, document),
            required=name in required,
            description=str(prop.get("description") or prop.get("title") or ""),
            bounds=bounds(prop),
        )
        for name, prop in resolved.get("properties", {}).items()
    )


def _anchor(method: str, path: str) -> str:
    """An id for the operation's section: ``get-api-v1-datasets-name``."""
    cleaned = "".join(c if c.isalnum() else "-" for c in f"{method}{path}")
    return "-".join(part for part in cleaned.split("-") if part)


def operations(document: dict[str, Any]) -> list[Operation]:
    """Every operation under ``/api/v1`` in the document, in path order."""
    found: list[Operation] = []
    for path, item in sorted(document.get("paths", {}).items()):
        if not path.startswith(API_PREFIX) or path == OPENAPI_PATH:
            continue
        for method in METHODS:
            if method not in item:
                continue
            spec = item[method]
            parameters = [_resolve(p, document) for p in spec.get("parameters", [])]
            ok = spec.get("responses", {}).get("200", {})
            schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
            shown, fields = _fields(schema, document)
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=str(spec.get("summary", "")),
                    description=str(spec.get("description", "")),
                    parameters=tuple(
                        Field(
                            name=p["name"],
                            kind=kind(p.get("schema", {}), document),
                            required=bool(p.get("required")),
                            description=str(p.get("description", "")),
                            bounds=bounds(p.get("schema", {})),
                            location=str(p.get("in", "")),
                        )
                        for p in parameters
                    ),
                    response=shown,
                    fields=fields,
                    example=example_url(path, parameters) if method == "get" else None,
                    anchor=_anchor(method, path),
                )
            )
    return found


@router.get("/api", response_class=HTMLResponse, include_in_schema=False)
def api_page(request: Request) -> HTMLResponse:
    document = request.app.openapi()
    return render(
        request,
        "api.html",
        {"operations": operations(document), "openapi": OPENAPI_PATH, "info": document["info"]},
    )
