"""`msp coding_seed`: the starting codebook is added once, nothing is coded, and a broken file says where."""

import io
import textwrap

import pytest
from django.core.management import CommandError, call_command

from msp.coding.analysis import suggest_themes
from msp.coding.codebooks import CodebookFileError, build_codebook, codebook_path, read_codebook
from msp.coding.models import CodedAnswer, Coding, Theme

pytestmark = pytest.mark.django_db

OPEN_QUESTIONS = {
    "msp_meaning",
    "user_voice",
    "strengths",
    "blockages",
    "next_steps",
    "single_thing",
    "programme_wishes",
}


def test_the_2016_codebook_covers_the_reported_open_questions():
    books = read_codebook(codebook_path("2016"))
    assert set(books) == OPEN_QUESTIONS
    assert [t.name for t in books["blockages"]][:6] == [
        "Staff and resource cuts",
        "Pressure of demand",
        "Partners' take-up",
        "Recording systems",
        "Staff turnover and changes of leadership",
        "Restructuring",
    ]
    assert "Resistance to change" in {t.name for t in books["blockages"]}


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Our budget was cut again and two posts are vacant.", "Staff and resource cuts"),
        ("Deprivation of Liberty work has swamped the team.", "Pressure of demand"),
        ("The hospital trust has not taken it up.", "Partners' take-up"),
        ("The case management system cannot record wishes yet.", "Recording systems"),
        ("High turnover among team leaders.", "Staff turnover and changes of leadership"),
        ("A reorganisation put everything on hold.", "Restructuring"),
        ("Some workers are risk averse.", "Resistance to change"),
    ],
)
def test_the_blockage_keywords_suggest_the_expected_theme(text, theme):
    book = {t.name: t.keywords for t in read_codebook(codebook_path("2016"))["blockages"]}
    assert theme in suggest_themes(text, book)


def test_seeding_adds_themes_once_and_codes_nothing(scene):
    scene.interview(scene.council("Alderby"), blockages="Cuts to resources.", msp_meaning="Outcomes matter.")
    out = io.StringIO()
    call_command("coding_seed", wave="2016", stdout=out)
    created = Theme.objects.filter(wave=scene.wave).count()
    assert created > 30
    assert set(Theme.objects.values_list("question_code", flat=True)) == OPEN_QUESTIONS
    assert f"{created} themes added" in out.getvalue()
    assert "blockages: keyword suggestions (not coded), 1 answers" in out.getvalue()
    assert "Staff and resource cuts: 1 (100%)" in out.getvalue()
    assert not Coding.objects.exists() and not CodedAnswer.objects.exists()
    again = io.StringIO()
    call_command("coding_seed", wave="2016", stdout=again)
    assert Theme.objects.count() == created
    assert f"0 themes added, {created} already there" in again.getvalue()


def test_seeding_keeps_an_analysts_changes(scene):
    call_command("coding_seed", wave="2016", stdout=io.StringIO())
    theme = Theme.objects.get(question_code="blockages", name="Restructuring")
    theme.keywords = "restructure"
    theme.save()
    call_command("coding_seed", wave="2016", stdout=io.StringIO())
    assert Theme.objects.get(pk=theme.pk).keywords == "restructure"


def test_an_unknown_wave_is_refused(db):
    with pytest.raises(CommandError, match="no wave '1999'"):
        call_command("coding_seed", wave="1999")


def test_a_codebook_for_a_closed_question_is_refused(scene, tmp_path):
    path = tmp_path / "book.yaml"
    path.write_text("strategy_fit:\n  - {name: Anything, keywords: [any]}\n")
    with pytest.raises(CommandError, match="not open questions of wave 2016: strategy_fit"):
        call_command("coding_seed", wave="2016", file=path)
    assert not Theme.objects.exists()


def test_a_broken_codebook_reports_every_problem():
    source = textwrap.dedent(
        """
        blockages:
          - {name: Cuts, keywords: [cut]}
          - {name: Cuts, keywords: [budget]}
          - {description: no name}
          - {name: Odd, keywords: "not a list"}
        strengths: just text
        """
    )
    with pytest.raises(CodebookFileError) as error:
        build_codebook(source, where="book.yaml")
    assert error.value.problems == [
        "book.yaml, blockages, theme 2: 'Cuts' appears twice; give each theme its own name",
        "book.yaml, blockages, theme 3: every theme needs a name",
        "book.yaml, blockages, theme 4 ('Odd'): keywords must be a list of words or phrases",
        "book.yaml, strengths: expected a list of themes",
    ]
