"""The alert form's pure pieces, without a database: names, contact, address, ages and the 'asked' answer."""

import datetime

from msp.cases.alert import age_on, one_line, outcomes_asked_for, referrer_contact, referrer_name


def test_referrer_name_adds_the_organisation_when_given():
    assert referrer_name({"referrer_name": " Dee Harper ", "referrer_organisation": "Northgate"}) == (
        "Dee Harper (Northgate)"
    )
    assert referrer_name({"referrer_name": "Sam Oduya", "referrer_organisation": ""}) == "Sam Oduya"


def test_referrer_contact_joins_what_was_given():
    assert referrer_contact({"referrer_phone": "01632 960 001", "referrer_email": "a@example.com"}) == (
        "01632 960 001 / a@example.com"
    )
    assert referrer_contact({"referrer_phone": "", "referrer_email": "a@example.com"}) == "a@example.com"


def test_an_address_is_kept_on_one_line():
    assert one_line("12 Example Street,\n Brackenford") == "12 Example Street, Brackenford"
    assert (
        one_line("Flat 2\r\n\r\n17  Example Row\nAshbourne Vale ") == "Flat 2, 17 Example Row, Ashbourne Vale"
    )
    assert one_line("") == ""


def test_age_counts_whole_years_to_the_birthday():
    born = datetime.date(2006, 5, 14)
    assert age_on(born, datetime.date(2024, 5, 13)) == 17
    assert age_on(born, datetime.date(2024, 5, 14)) == 18


def test_asked_only_when_the_person_or_their_representative_answered():
    assert outcomes_asked_for("person", answered=True) == "asked"
    assert outcomes_asked_for("representative", answered=True) == "asked"
    assert outcomes_asked_for("referrer", answered=True) == ""
    assert outcomes_asked_for("person", answered=False) == ""
