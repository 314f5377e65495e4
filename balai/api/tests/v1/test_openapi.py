"""The OpenAPI document describes every endpoint; the interactive docs work under our CSP."""

from __future__ import annotations

import pytest

from balai.api.v1 import api

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/ErrorOut"


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_openapi_lists_every_route_of_the_api(schema):
    documented = {name for name, _operation in _operations(schema)}
    routes = {f"{method} /api/v1{prefix}{path}"
              for prefix, router in api._routers
              for path, path_view in router.path_operations.items()
              for operation in path_view.operations
              for method in operation.methods}
    # One route from each domain's router, so a router left unmounted fails here.
    assert {"GET /api/v1/services", "POST /api/v1/applications", "GET /api/v1/bills",
            "GET /api/v1/complaints", "GET /api/v1/ideas", "GET /api/v1/datasets",
            "GET /api/v1/dashboard", "GET /api/v1/ledger/checkpoints"} <= routes
    assert routes == documented


def test_every_operation_has_summary_description_and_error_responses(schema):
    for name, operation in _operations(schema):
        assert operation.get("summary"), name
        description = operation.get("description", "")
        assert description.endswith("Added in v1."), name
        first = description.removesuffix("Added in v1.").strip()
        assert first.endswith("."), name
        errors = {code: r for code, r in operation["responses"].items() if code.startswith("4")}
        assert "429" in errors, name
        for code, response in errors.items():
            assert response["content"]["application/json"]["schema"]["$ref"] == ERROR_REF, \
                (name, code)
        if operation.get("security") and {} not in operation["security"]:
            assert "401" in errors, name


def test_write_endpoints_document_permission_and_validation_errors(schema):
    for name, operation in _operations(schema):
        if name.startswith(("POST", "PUT")) and operation.get("security"):
            assert {"401", "403", "422"} <= set(operation["responses"]), name


def test_openapi_declares_bearer_tokens(schema):
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http", "scheme": "bearer"}


def test_docs_page_needs_no_inline_script_or_cdn(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "cdn" not in page.lower()
    for tag in page.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        # Either a static file or a JSON data block, which CSP does not execute.
        assert "src=" in opening or 'type="application/json"' in opening, opening


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_swagger_docs_render_in_a_browser_without_csp_violations(page):
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/applications" in path for path in paths)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
