"""The OpenAPI description the app serves: valid OpenAPI, covering the figures and the cases endpoints, and
every real answer (successes and errors) valid against the schema it gives for that path and status."""

import copy

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi

from msp.accounts.models import Role
from tests.api.conftest import bearer, call
from tests.cases.conftest import make_concern, make_council, make_enquiry
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

BIRCHLEY, DUNMERE = "E06999622", "E06999624"


@pytest.fixture
def spec(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def strict(spec: dict) -> dict:
    """The components with no undocumented keys, so an answer cannot carry a field the schema hides."""
    components = copy.deepcopy(spec["components"])
    for schema in components["schemas"].values():
        if "properties" in schema:
            schema["additionalProperties"] = False
    return components


def check(spec: dict, template: str, response) -> None:
    """The answer is valid against the schema the description gives for its path and status."""
    operation = spec["paths"][template]["get"]
    assert str(response.status_code) in operation["responses"], (template, response.status_code)
    content = operation["responses"][str(response.status_code)]["content"]
    schema = content[response["Content-Type"]]["schema"]
    validator = Draft202012Validator({**schema, "components": strict(spec)}, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(response.json()), key=lambda e: list(e.path))
    assert not errors, (template, [f"{list(e.path)}: {e.message}" for e in errors[:5]])


def test_it_serves_a_valid_openapi_description_of_both_apis(spec):
    validate_openapi(spec)
    assert spec["info"]["title"] == "MSP API"
    assert set(spec["paths"]) == {
        "/api/figures/measures/",
        "/api/figures/councils/",
        "/api/figures/councils/{gss_code}/indicators/",
        "/api/figures/councils/{gss_code}/return/",
        "/api/figures/councils/{gss_code}/benchmark/{measure_code}/",
        "/api/figures/rollups/{measure_code}/",
        "/api/figures/ranked/{measure_code}/",
        "/api/cases/concerns/",
        "/api/cases/concerns/{pk}/",
        "/api/cases/people/{pk}/",
    }
    schemes = spec["components"]["securitySchemes"]
    assert schemes["OrganisationToken"] == {"type": "http", "scheme": "bearer"}
    assert spec["paths"]["/api/cases/concerns/"]["get"]["security"] == [{"CouncilStaff": []}]


def test_the_docs_page_reads_the_description(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content
    assert client.get("/api/")["Location"] == "/api/docs/"


def test_every_figures_answer_matches_the_schema(client, spec, tokens):
    council, programme = tokens["council"][1], tokens["programme"][1]
    answers = [
        ("/api/figures/measures/", "/api/figures/measures/", council, {}),
        ("/api/figures/councils/", "/api/figures/councils/", council, {}),
        (
            "/api/figures/councils/{gss_code}/indicators/",
            f"/api/figures/councils/{BIRCHLEY}/indicators/",
            council,
            {},
        ),
        (
            "/api/figures/councils/{gss_code}/return/",
            f"/api/figures/councils/{BIRCHLEY}/return/",
            council,
            {},
        ),
        (
            "/api/figures/councils/{gss_code}/benchmark/{measure_code}/",
            f"/api/figures/councils/{DUNMERE}/benchmark/concerns/",
            programme,
            {},
        ),
        ("/api/figures/rollups/{measure_code}/", "/api/figures/rollups/asked_and_expressed/", council, {}),
        ("/api/figures/ranked/{measure_code}/", "/api/figures/ranked/asked_and_expressed/", council, {}),
        (
            "/api/figures/ranked/{measure_code}/",
            "/api/figures/ranked/concerns/",
            programme,
            {"region": "E12000096"},
        ),
    ]
    for template, path, secret, params in answers:
        response = call(client, path, secret, **params)
        assert response.status_code == 200, path
        check(spec, template, response)


def test_every_figures_error_matches_the_schema(client, spec, tokens):
    errors = [
        (
            "/api/figures/councils/{gss_code}/indicators/",
            f"/api/figures/councils/{DUNMERE}/indicators/",
            "council",
            {},
        ),
        (
            "/api/figures/councils/{gss_code}/indicators/",
            f"/api/figures/councils/{BIRCHLEY}/indicators/",
            "revoked",
            {},
        ),
        (
            "/api/figures/councils/{gss_code}/indicators/",
            f"/api/figures/councils/{BIRCHLEY}/indicators/",
            None,
            {},
        ),
        (
            "/api/figures/councils/{gss_code}/return/",
            f"/api/figures/councils/{BIRCHLEY}/return/",
            "board",
            {},
        ),
        (
            "/api/figures/rollups/{measure_code}/",
            "/api/figures/rollups/concerns/",
            "council",
            {"year": "2023"},
        ),
        ("/api/figures/ranked/{measure_code}/", "/api/figures/ranked/nothing/", "council", {}),
    ]
    statuses = set()
    for template, path, kind, params in errors:
        response = call(client, path, tokens[kind][1] if kind else None, **params)
        statuses.add(response.status_code)
        check(spec, template, response)
    assert statuses == {400, 401, 403, 404}


@pytest.fixture
def case_records(db):
    council = make_council("E06999811", "Schemaford")
    practitioner = make_user("sam", Role.PRACTITIONER, council)
    manager = make_user("tam", Role.TEAM_MANAGER, council)
    waiting = make_concern(council, practitioner)
    enquiry = make_enquiry(council, practitioner, manager)
    return practitioner, waiting, enquiry


def test_every_cases_answer_matches_the_schema(client, spec, case_records):
    practitioner, waiting, enquiry = case_records
    client.force_login(practitioner)
    answers = [
        ("/api/cases/concerns/", "/api/cases/concerns/", 200),
        ("/api/cases/concerns/", "/api/cases/concerns/?status=closed", 200),
        ("/api/cases/concerns/", "/api/cases/concerns/?page=x", 400),
        ("/api/cases/concerns/", "/api/cases/concerns/?page=9", 404),
        ("/api/cases/concerns/{pk}/", f"/api/cases/concerns/{waiting.pk}/", 200),
        ("/api/cases/concerns/{pk}/", f"/api/cases/concerns/{enquiry.concern_id}/", 200),
        ("/api/cases/concerns/{pk}/", "/api/cases/concerns/999999/", 404),
        ("/api/cases/people/{pk}/", f"/api/cases/people/{waiting.person_id}/", 200),
    ]
    for template, path, status in answers:
        response = client.get(path)
        assert response.status_code == status, path
        check(spec, template, response)
    client.logout()
    check(spec, "/api/cases/concerns/", client.get("/api/cases/concerns/"))
    client.force_login(make_user("ann", Role.ANALYST))
    response = client.get(f"/api/cases/people/{waiting.person_id}/")
    assert response.status_code == 403
    check(spec, "/api/cases/people/{pk}/", response)


def test_the_cases_answers_keep_their_shape(client, case_records):
    practitioner, waiting, _ = case_records
    client.force_login(practitioner)
    body = client.get(f"/api/cases/concerns/{waiting.pk}/").json()
    assert body["received_at"] == waiting.received_at.isoformat()  # ISO 8601 with its offset, as before
    assert client.get("/api/cases/concerns/")["Content-Type"] == "application/json"


def test_a_token_with_a_session_still_reads_cases_as_the_signed_in_user(client, case_records, tokens):
    practitioner, waiting, _ = case_records
    client.force_login(practitioner)
    response = client.get(f"/api/cases/concerns/{waiting.pk}/", **bearer(tokens["council"][1]))
    assert response.status_code == 200  # the session decides; the token opens nothing here
