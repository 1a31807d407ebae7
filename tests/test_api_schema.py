"""Property-based tests of the API against its own OpenAPI schema (schemathesis, bounded).

Each operation gets a few generated requests as admin; every response must match the schema
(documented status code, content type, body) and none may be a server error.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tests.archive_world import build_world, close_world

MAX_EXAMPLES = 12
"""Per operation: enough to reach every parameter, few enough for well under 60 s in total."""

SEMANTIC_422 = {"POST /api/batches", "POST /api/pengumpulan/{agency}/{periode}/import",
                "POST /api/siklus-sop"}
"""Operations that refuse some schema-valid requests on purpose (``422``): a batch or a cycle
names agencies the plugins must know, and uploads files that must be XLSX workbooks or filled
formulir of that cycle, which no schema can say. Every other check still applies to them."""


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("schema")
    w = build_world(base / "data", f"sqlite:///{base / 'naskah.db'}")
    yield w
    close_world(w)


def _operations(world):
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.app)
    return [result.ok() for result in schema.get_all_operations()]


def _router_operations(router) -> set[str]:
    """``"GET /api/…"`` for every route of an ``APIRouter`` (HEAD/OPTIONS aside)."""
    return {
        f"{method} {route.path}"  # APIRouter paths carry the prefix already
        for route in router.routes
        for method in getattr(route, "methods", ()) or ()
        if method not in ("HEAD", "OPTIONS")
    }


ARCHIVE_OPERATIONS = [
    "GET /api/documents", "GET /api/documents/{document_id}",
    "GET /api/documents/{document_id}/docx", "GET /api/documents/{document_id}/pdf",
    "GET /api/documents/{document_id}/ttd/{n}",
    "GET /api/documents/{document_id}/thumbnails/{page}", "GET /api/sets/{agency}/{periode}",
    "GET /api/sets/{agency}/{periode}/zip", "GET /api/sets/{agency}/{periode}/pdf",
    "GET /api/runs", "GET /api/runs/{run_id}", "GET /api/runs/{run_id}/zip",
    "GET /api/runs/{run_id}/pdf", "POST /api/batches", "GET /api/batches",
    "GET /api/batches/{batch_id}", "GET /api/me", "GET /api/facets", "GET /api/verify",
]


def test_the_schema_lists_every_api_operation(world):
    from naskah.api import routes_collect as api_collect

    labels = {op.label for op in _operations(world)}
    assert labels == set(ARCHIVE_OPERATIONS) | _router_operations(api_collect.router)


def _collect_operations() -> list[str]:
    from naskah.api import routes_collect as api_collect

    return sorted(_router_operations(api_collect.router))


@pytest.mark.parametrize("label", ARCHIVE_OPERATIONS + _collect_operations())
def test_operation_conforms_to_its_openapi_schema(world, label):
    [operation] = [op for op in _operations(world) if op.label == label]
    headers = world.auth("admin")
    excluded = [positive_data_acceptance] if label in SEMANTIC_422 else []

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    check()
