"""Property-based checks of the API against its own OpenAPI document (schemathesis).

Every operation gets a bounded number of generated requests; no response may be a server error
or disagree with the declared status codes, content types and response schemas. Schemathesis'
pytest plugin does not load under this pytest, so its strategies are driven with hypothesis here.
"""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402  (schemathesis brings hypothesis)

MAX_EXAMPLES = int(os.environ.get("LUODI_SCHEMATHESIS_EXAMPLES", "25"))  # per operation
# Schema-valid requests that the server refuses for reasons a schema cannot state (llm mode on a
# server without a model, a chat with no user message, the server's own question limit) are
# correct 4xx answers, not bugs; every other default check runs, not_a_server_error included.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture(scope="module")
def api_schema(home):
    from luodi.server import create_app
    from luodi.server.limits import ServerLimits

    app = create_app(home.path, limits=ServerLimits(rate_per_minute=0))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_api_conforms_to_its_openapi_document(api_schema, home):
    # A key of tenant globex: generated uploads and forgets stay out of acme's documents.
    headers = home.auth("globex_admin")
    failures, operations = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

        try:
            check()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert operations >= 10
    assert not failures, "\n\n".join(failures)
