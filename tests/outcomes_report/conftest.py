"""A region of four councils (one with no records at all) and one council elsewhere, with records in two
reporting years, comments people agreed may be quoted, and the people who ask for the regional report."""

from __future__ import annotations

import datetime
import io
from html.parser import HTMLParser

import pytest

from msp.accounts.models import Role
from msp.cases.models import Feedback
from msp.councils.models import Region
from msp.outcomes import figures
from tests.conftest import make_user
from tests.outcomes.conftest import make_case, make_council, make_person, uk

YEAR, EARLIER = "2023-24", "2022-23"
REGION = "Return test region"  # every council make_council creates is in it
REGION_GSS = "E12000096"
QUOTED = "They listened to what I wanted, and now I feel safer at home."
NOT_QUOTED = "Please keep this between us: my neighbour still worries me."


def with_cases(council, first_year: int, *, concerns: int, s42: int, expressed: int) -> None:
    """`concerns` concerns in the reporting year starting in April `first_year`; the first `s42` of them
    Section 42 enquiries concluded in the year, of which `expressed` had outcomes expressed (fully achieved);
    the rest no enquiry."""
    for n in range(concerns):
        person = make_person(council, given=f"Person{n}", family=f"{council.short_name}{first_year}")
        received = uk(first_year, 6, 1 + n % 28, 10)
        if n < s42:
            make_case(
                council,
                person,
                received,
                decision="s42",
                closed=uk(first_year, 9, 1 + n % 28, 10),
                asked="asked",
                said_by="person",
                outcomes=["fully"] if n < expressed else [],
                capacity="had",
                location="own_home",
                source="known",
                types=["neglect"],
                result="identified_action",
                risk="reduced",
            )
        else:
            make_case(council, person, received, decision="none")


def feedback(council, comments: str, *, consent: bool) -> Feedback:
    enquiry = council.enquiries.filter(closed_at__year=2023).order_by("pk").first()
    return Feedback.objects.create(
        council=council,
        enquiry=enquiry,
        respondent="person",
        method="at_closure",
        listened_to="yes",
        treated_with_respect="yes",
        kept_informed="yes",
        feels_safer="yes",
        made_difference="yes",
        comments=comments,
        quote_consent=consent,
        answered_on=datetime.date(2023, 10, 2),
    )


@pytest.fixture
def region_figures(db):
    """Ashcombe, Birchley and Coldwater with records; Dunford with none (not submitted); Elsewhere in
    another region. Figures computed for both years."""
    ashcombe = make_council("E06999631", "Ashcombe")
    birchley = make_council("E06999632", "Birchley")
    coldwater = make_council("E06999633", "Coldwater")
    dunford = make_council("E06999634", "Dunford")
    elsewhere = make_council("E06999635", "Elsewhere")
    elsewhere.region = Region.objects.create(gss_code="E12000095", name="Another test region")
    elsewhere.save()
    with_cases(ashcombe, 2023, concerns=30, s42=20, expressed=15)
    with_cases(birchley, 2023, concerns=24, s42=12, expressed=6)
    with_cases(coldwater, 2023, concerns=12, s42=8, expressed=7)
    with_cases(elsewhere, 2023, concerns=10, s42=6, expressed=2)
    with_cases(ashcombe, 2022, concerns=20, s42=10, expressed=6)
    with_cases(birchley, 2022, concerns=20, s42=10, expressed=4)
    feedback(ashcombe, QUOTED, consent=True)
    feedback(birchley, NOT_QUOTED, consent=False)
    for year in (EARLIER, YEAR):
        figures.refresh(year)
    region = Region.objects.get(gss_code=REGION_GSS)
    return {
        "region": region,
        "councils": [ashcombe, birchley, coldwater, dunford],
        "elsewhere": elsewhere,
    }


@pytest.fixture
def cast(region_figures):
    ashcombe = region_figures["councils"][0]
    return {
        "regional_lead": make_user("reg", Role.REGIONAL_LEAD, region=region_figures["region"]),
        "other_regional_lead": make_user(
            "oreg", Role.REGIONAL_LEAD, region=region_figures["elsewhere"].region
        ),
        "analyst": make_user("ana", Role.ANALYST),
        "lead": make_user("lena", Role.SAFEGUARDING_LEAD, ashcombe),
        "practitioner": make_user("pip", Role.PRACTITIONER, ashcombe),
    }


def report(*args, **options) -> str:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("outcomes_report", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


class Tables(HTMLParser):
    """Each HTML table: caption, column headings, and rows of (row heading, [cell texts]); and the text of
    the quotes section."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._cell: str | None = None
        self._text = ""
        self._row: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "columns": [], "rows": []})
        elif tag == "tr":
            self._row = []
        elif tag in ("caption", "th", "td"):
            self._cell, self._text = tag, ""

    def handle_endtag(self, tag):
        if tag in ("caption", "th", "td") and self._cell:
            text = " ".join(self._text.split())
            if tag == "caption":
                self.tables[-1]["caption"] = text
            else:
                self._row.append(text)
            self._cell = None
        elif tag == "tr":
            table = self.tables[-1]
            if not table["columns"]:
                table["columns"] = self._row
            else:
                table["rows"].append((self._row[0], self._row[1:]))

    def handle_data(self, data):
        if self._cell:
            self._text += data


def html_tables(html: str) -> list[dict]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def table(html: str, caption_start: str) -> dict:
    found = [t for t in html_tables(html) if t["caption"].startswith(caption_start)]
    assert found, f"no table captioned {caption_start!r}"
    return found[0]


def section(html: str, key: str) -> str:
    """The HTML of one section of the report, by its id."""
    start = html.index(f'<section id="{key}"')
    return html[start : html.index("</section>", start)]
