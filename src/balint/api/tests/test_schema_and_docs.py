"""The OpenAPI schema and the docs page: public, complete, and nothing fetched from outside the site."""

import re

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_the_schema_is_public_and_documents_every_error(client, db):
    response = client.get(reverse("api:openapi-json"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.") and schema["info"]["version"] == "1"
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert set(schema["components"]["schemas"]["ErrorOut"]["properties"]) == {"message", "extra"}
    for path, methods in schema["paths"].items():
        assert path.startswith("/api/v1/")
        for method, operation in methods.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404", "422", "429"} <= codes, (method, path)
            if method == "post":
                assert "400" in codes and "requestBody" in operation, path


def test_paginated_lists_document_limit_offset_and_a_bound(client, db):
    schema = client.get(reverse("api:openapi-json")).json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/groups/{code}/sessions"]["get"]["parameters"]}
    assert params["limit"]["schema"]["maximum"] == 200
    assert {"from", "to", "offset", "status"} <= set(params)


def test_the_docs_page_loads_only_vendored_files(client, db):
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert len(assets) == 4
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "<script>" not in html and " style=" not in html and " onload=" not in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe" not in csp


def test_the_docs_page_points_swagger_at_our_schema(client, db):
    html = client.get(reverse("api:openapi-view")).content.decode()
    assert f'"url": "{reverse("api:openapi-json")}"' in html
