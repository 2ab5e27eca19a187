"""Error pages in the site layout with a way back, and 'Error: ' in the title of every page showing errors."""

import pytest
from django.test import Client, RequestFactory
from django.urls import path, reverse

from config import urls as project_urls
from msp.accounts.models import Role
from msp.core.views import server_error
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_a_missing_page_is_a_404_in_the_layout_with_sign_in_and_the_public_form(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = html(response)
    assert "<title>Page not found – " in page
    assert 'class="govuk-header' in page and 'class="govuk-footer' in page
    assert f'href="{reverse("login")}"' in page
    assert f'href="{reverse("cases_alert:new")}"' in page


def test_signed_in_the_404_leads_home(client, interviewer):
    client.force_login(interviewer)
    page = html(client.get("/no-such-page/"))
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert f'href="{reverse("home")}">Go to the MSP home page' in page
    assert reverse("login") not in page


def test_a_forbidden_page_says_so_in_the_layout_and_names_the_role(client):
    client.force_login(make_user("ida", Role.INTERVIEWER))
    response = client.get(reverse("cases:queues"))
    assert response.status_code == 403
    page = html(response)
    assert "<title>You cannot open this page – " in page
    assert "Your account (Interviewer) does not give access to this page." in page
    assert f'href="{reverse("home")}">Go to the MSP home page' in page


def test_a_server_error_is_a_500_in_the_layout_with_a_way_back(interviewer):
    request = RequestFactory().get("/anything/")
    request.user = interviewer
    request.csp_nonce = "n"
    response = server_error(request)
    assert response.status_code == 500
    page = html(response)
    assert "Sorry, there is a problem with the service" in page
    assert 'class="govuk-header' in page
    assert f'href="{reverse("home")}">Go to the MSP home page' in page


def _broken(request):
    raise RuntimeError("synthetic failure")


# This module doubles as a URL conf: the project's pages plus one that fails, with the project's handler.
urlpatterns = [path("broken/", _broken), *project_urls.urlpatterns]
handler500 = project_urls.handler500


def test_an_unhandled_exception_gets_the_500_page_in_the_layout(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    page = html(response)
    assert "<title>Sorry, there is a problem with the service – " in page
    assert f'href="{reverse("login")}">Sign in to MSP' in page


# --- "Error: " in the title, from base.html ------------------------------------------------------------


def test_a_page_with_form_errors_gets_error_in_its_title(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert html(response).count("<title>Error: ") == 1


def test_a_page_without_errors_has_no_error_in_its_title(client):
    assert "<title>Error: " not in html(client.get(reverse("login")))


def test_a_case_page_with_errors_gets_error_in_its_title(client):
    from msp.councils.models import Council, Region

    region = Region.objects.create(gss_code="E12000098", name="Error test region")
    council = Council.objects.create(
        gss_code="E06999951",
        name="Errorton Council",
        short_name="Errorton",
        council_type="Unitary authority",
        region=region,
    )
    client.force_login(make_user("pia", Role.PRACTITIONER, council))
    response = client.post(reverse("cases:person_new"), {"given_name": "Ada"})
    assert response.status_code == 200
    assert "govuk-error-summary" in html(response)
    assert "<title>Error: " in html(response)
