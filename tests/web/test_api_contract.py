"""The API keeps the promises of its OpenAPI document (schemathesis, in process, bundled data).

Every operation the document lists is tried with a few generated requests: none may answer 500,
and every answer must match the document (status, content type, body schema). Operations that
other capabilities add are covered without changing this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from krapte.bootstrap import bootstrap
from krapte.settings import Settings
from krapte.web.app import create_app
from web.sitebuilder import imported_site

#: Generated requests per operation: enough to find a 500 or a wrong shape, bounded in time.
EXAMPLES = 15

pytestmark = pytest.mark.slow


def test_every_api_operation_answers_as_its_openapi_document_says(tmp_path: Path) -> None:
    imported_site(tmp_path).store.dispose()
    app = create_app(bootstrap(Settings(home=tmp_path / "home", api_rate_limit="100000/minute")))
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    tried = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tried.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate()

        check()
    assert tried, "the OpenAPI document lists no operation"
