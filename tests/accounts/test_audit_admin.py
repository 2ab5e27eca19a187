"""The audit log in the Django admin names the fields that changed but never shows their values."""

import pytest

from msp.accounts.audit import audit

pytestmark = pytest.mark.django_db


def test_the_admin_shows_which_fields_changed_but_not_their_values(client, superuser):
    event = audit(
        user=superuser,
        action="create",
        object_type="cases.Person",
        object_id="7",
        summary="Person recorded",
        changes={"family_name": [None, "Quillfeather"], "nhs_number": [None, "9434765919"]},
    )
    client.force_login(superuser)
    page = client.get(f"/admin/accounts/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "family_name, nhs_number" in html
    assert "Quillfeather" not in html and "9434765919" not in html
