"""Property-based fuzzing: damaged CSV and XLSX files for every importer (500 a run each) and random calls of
the JSON API. Nothing may raise (a server error), and nothing of a refused file may be written."""

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msp.cases.models import Concern, Person
from msp.outcomes.models import FigureSet
from msp.tempcheck.models import Interview

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=500,
    deadline=None,
    derandomize=True,  # the same files every run, so a failure can be run again
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
NASTY = [
    b"\x00",
    b"\x1b[2J",
    b'"',
    b'""',
    b",",
    b"\r",
    b"\r\n",
    b"\n\n\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    "é’–".encode(),
    b'=HYPERLINK("http://example.org")',
    b"<![CDATA[",
    b"&amp;&#0;&#x1F;",
    b"</t></is></c></row>",
    b'<c r="XFD9" t="s"><v>99999</v></c>',
    b"9" * 40,
    b"-1",
    b"31/02/2023",
]


@st.composite
def damaged(draw, base: bytes) -> bytes:
    """`base` with a few random changes: bytes changed, nasty pieces put in, pieces cut out or repeated."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        change = draw(st.sampled_from(["byte", "insert", "delete", "truncate", "repeat"]))
        if change == "byte" and data:
            data[at] = draw(st.integers(0, 255))
        elif change == "insert":
            data[at:at] = draw(st.sampled_from(NASTY)) + draw(st.binary(max_size=8))
        elif change == "delete":
            del data[at : at + draw(st.integers(1, 60))]
        elif change == "truncate":
            del data[at:]
        elif change == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 300))]
    return bytes(data)


@st.composite
def damaged_workbook(draw, base: bytes) -> bytes:
    """Half the time the zip's own bytes damaged; else a valid zip around a damaged sheet or strings part."""
    if draw(st.booleans()):
        return draw(damaged(base))
    source = zipfile.ZipFile(io.BytesIO(base))
    parts = [i.filename for i in source.infolist() if i.filename.endswith(".xml")]
    target_part = draw(st.sampled_from(sorted(parts)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            target.writestr(item.filename, draw(damaged(body)) if item.filename == target_part else body)
    return out.getvalue()


def files(csv_base: bytes, xlsx_base: bytes):
    return st.one_of(
        st.tuples(st.just("file.csv"), damaged(csv_base)),
        st.tuples(st.just("file.xlsx"), damaged_workbook(xlsx_base)),
    )


def workbook(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for values in rows:
        book.active.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Case extracts ------------------------------------------------------------------------------------------

from tests.cases_import.conftest import GOOD, SIGNPOSTED, csv_bytes, make_council  # noqa: E402

CASES = [GOOD, {**GOOD, **SIGNPOSTED}]
CASES_CSV = csv_bytes(CASES)
CASES_XLSX = workbook([list(GOOD), *[[r[k] for k in GOOD] for r in CASES]])


def test_damaged_case_extracts_are_reported_never_raised_nor_half_written():
    from msp.cases.importing import import_file

    council = make_council("E06999941", "Fuzzmoor")

    @FUZZ
    @given(files(CASES_CSV, CASES_XLSX))
    def one(named):
        name, data = named
        before = (Concern.objects.count(), Person.objects.count())
        report = import_file(name=name, data=data, council=council)
        if not report.ok:
            assert (Concern.objects.count(), Person.objects.count()) == before
            assert all(p.message for p in report.problems)

    one()


# --- Temperature-check waves --------------------------------------------------------------------------------


def test_damaged_wave_files_are_reported_never_raised_nor_half_written():
    from msp.tempcheck.importing import import_file
    from msp.tempcheck.models import Wave
    from tests.tempcheck_io.io_helpers import columns, csv_bytes, valid_rows

    wave = Wave.objects.get(code="2016")
    rows = valid_rows(2)
    header = columns()
    csv_base = csv_bytes(rows)
    xlsx_base = workbook([header, *[[r.get(c, "") for c in header] for r in rows]])

    @FUZZ
    @given(files(csv_base, xlsx_base))
    def one(named):
        name, data = named
        before = Interview.objects.count()
        report = import_file(name=name, data=data, wave=wave, replace=True)
        if not report.ok:
            assert Interview.objects.count() == before
            assert all(p.message for p in report.problems)

    one()


# --- Returns made elsewhere ---------------------------------------------------------------------------------

RETURN_CSV = (
    b"council_gss,year,table,row,column,value\n"
    b'E06999942,2023-24,SG1f,concerns,cases,"1,204"\n'
    b"E06999942,2023-24,SG4a,asked_expressed,enquiries,300\n"
    b"E06999942,2023-24,SG4a,Total,enquiries,400\n"
)


def test_damaged_returns_are_reported_never_raised_nor_half_written():
    import csv

    from msp.outcomes.uploads import upload_return

    make_council("E06999942", "Fuzzbury")
    xlsx_base = workbook(list(csv.reader(io.StringIO(RETURN_CSV.decode()))))

    @FUZZ
    @given(files(RETURN_CSV, xlsx_base))
    def one(named):
        name, data = named
        before = FigureSet.objects.count()
        report = upload_return(name, data)
        if not report.ok:
            assert FigureSet.objects.count() == before
            assert all(p.message for p in report.problems)

    one()


# --- The JSON API -------------------------------------------------------------------------------------------

API_PATHS = [
    "/api/cases/concerns/",
    "/api/cases/concerns/{n}/",
    "/api/cases/people/{n}/",
    "/api/figures/councils/",
    "/api/figures/councils/{t}/indicators/",
    "/api/figures/councils/{t}/return/",
    "/api/figures/regions/{t}/indicators/",
    "/api/figures/england/indicators/",
    "/api/{t}/",
]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


def test_random_api_calls_never_raise_a_server_error(client):
    from msp.accounts.models import Role
    from tests.conftest import make_user

    council = make_council("E06999943", "Fuzzhampton")
    client.force_login(make_user("fuzz", Role.SAFEGUARDING_LEAD, council))
    client.raise_request_exception = True  # a server error fails the test with its traceback

    @FUZZ
    @given(
        st.sampled_from(API_PATHS),
        st.integers(-(2**63), 2**63),
        TEXT,
        st.dictionaries(
            st.sampled_from(["page", "status", "year", "since", "quarter", "search", "council", "x"]),
            TEXT,
            max_size=4,
        ),
        st.sampled_from(["GET", "HEAD", "POST", "DELETE"]),
    )
    def one(path, number, text, query, method):
        from urllib.parse import quote

        url = path.format(n=number, t=quote(text, safe="") or "x")
        if method == "GET":
            response = client.get(url, query)
        else:
            response = client.generic(method, url)
        assert response.status_code < 500, (method, url, query)

    one()
