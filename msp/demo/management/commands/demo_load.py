"""`msp demo_load [--force]`: demo users and a synthetic 2016 wave, safe to run again (local use only)."""

import datetime
import io
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from msp.accounts.models import Role, User
from msp.councils.models import Council
from msp.tempcheck.instrument import build_instrument
from msp.tempcheck.models import Interview, RespondentRole, Wave
from msp.tempcheck.services import interview_save
from msp.tempcheck.synthetic import (
    CouncilChoiceError,
    generate_wave_rows,
    sample_councils_2016,
    write_rows_csv,
)

DEMO_PASSWORD = "msp-demo-2016"  # printed on purpose: these accounts exist only in a local demo database
DEMO_SEED = 2016
EXTRA_COUNCILS = 2  # planned but not interviewed, so the wave overview shows every state
# username, role, first name, last name, staff, superuser
DEMO_USERS = (
    ("interviewer", Role.INTERVIEWER, "Margaret", "Ellison", False, False),
    ("analyst", Role.ANALYST, "Priya", "Shah", False, False),
    ("admin", "", "Demo", "Administrator", True, True),
)
# Council staff: the first two demo case councils, so that scoping can be seen from both sides.
COUNCIL_USERS = (
    ("practitioner", Role.PRACTITIONER, "Tom", "Okafor", 0),
    ("manager", Role.TEAM_MANAGER, "Meg", "Harrow", 0),
    ("lead", Role.SAFEGUARDING_LEAD, "Ruth", "Adeyemi", 0),
    ("other_manager", Role.TEAM_MANAGER, "Owen", "Pascoe", 1),
    ("data_officer", Role.DATA_OFFICER, "Dev", "Lindqvist", 0),
)
CASE_COUNCILS, CASE_START_YEAR, CASE_YEARS, CASES_PER_YEAR = 3, 2024, 3, 400
REGION_CASES_PER_YEAR = 150  # the rest of the first council's region: enough to compare, quick to make


class Command(BaseCommand):
    help = (
        "Load demo data for a local try-out (DEBUG only): sign-ins for every role (one published password),"
        " wave 2016's planned sample with 115 synthetic interviews, a draft and coded open answers, three"
        " years of synthetic safeguarding cases for three councils and the rest of the first one's region,"
        " and the outcome figures. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (a throwaway database only: the logins share a password).",
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "demo_load creates users with a published password; it runs only with DEBUG on"
                " (or with --force on a throwaway database)."
            )
        started = time.monotonic()
        wave = Wave.objects.select_related("instrument").filter(code="2016").first()
        if wave is None or wave.instrument is None:
            raise CommandError("Wave 2016 is missing: run `msp migrate` first.")
        try:
            sample = sample_councils_2016()
        except CouncilChoiceError as exc:
            raise CommandError(str(exc)) from exc

        users = {username: self._user(username, *rest) for username, *rest in DEMO_USERS}
        extras = self._plan(wave, sample)
        self._import(wave, sample)
        self._draft(wave, extras, users["interviewer"])
        self._coding(wave, users["analyst"], users["interviewer"])
        users |= self._cases()
        users |= self._region_and_figures(users["lead"].council)

        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s. Demo logins (local use only):")
        self.stdout.write(f"  {'username':<14} {'password':<14} {'role':<42} name")
        for username, user in users.items():
            role = "superuser (staff)" if user.is_superuser else user.get_role_display()
            if user.council_id:
                role = f"{role}, {user.council.short_name}"
            self.stdout.write(f"  {username:<14} {DEMO_PASSWORD:<14} {role:<42} {user.display_name}")

    def _user(
        self,
        username,
        role,
        first_name,
        last_name,
        is_staff,
        is_superuser,
        council=None,
        board=None,
        region=None,
    ) -> User:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role, user.first_name, user.last_name, user.council = role, first_name, last_name, council
        user.board, user.region = board, region
        user.is_staff, user.is_superuser, user.is_active = is_staff, is_superuser, True
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _plan(self, wave, sample) -> list[Council]:
        """The 115 sampled councils plus the first councils outside the sample, by GSS code."""
        day = wave.fieldwork_start
        codes = [code for code, _ in sample]
        extras = list(
            Council.objects.valid_on(day).exclude(gss_code__in=codes).order_by("gss_code")[:EXTRA_COUNCILS]
        )
        wave.planned_councils.set([*Council.objects.filter(gss_code__in=codes), *extras])
        self.stdout.write(
            f"Wave {wave.code}: {len(codes) + len(extras)} councils planned"
            f" ({', '.join(c.short_name for c in extras)} not yet interviewed)."
        )
        return extras

    def _import(self, wave, sample) -> None:
        instrument = build_instrument(wave.instrument.source, where=wave.instrument.code)
        rows = generate_wave_rows(sample, seed=DEMO_SEED, instrument=instrument)
        with tempfile.TemporaryDirectory(prefix="msp-demo-") as folder:
            path = Path(folder) / "wave2016_synthetic.csv"
            write_rows_csv(path, rows, instrument.column_codes())
            self.stdout.write(f"Importing {len(rows)} synthetic interviews (seed {DEMO_SEED}):")
            call_command("tempcheck_import", str(path), wave=wave.code, replace=True, stdout=self.stdout)

    def _draft(self, wave, extras, interviewer) -> None:
        """One council in progress (details only), the other untouched, whatever an earlier run left."""
        with transaction.atomic():
            Interview.objects.filter(wave=wave, council__in=extras).delete()
            if not extras:
                return
            interview = Interview(wave=wave, council=extras[0])
            interview_save(
                interview=interview,
                answers={},
                user=interviewer,
                facts={
                    "interview_date": wave.fieldwork_end,
                    "interviewer_name": interviewer.display_name,
                    "respondent_role": RespondentRole.HEAD_OF_SAFEGUARDING,
                    "consent_to_attribution": False,
                },
            )
        self.stdout.write(f"Draft interview started for {extras[0].short_name} (interview details only).")

    def _cases(self) -> dict[str, User]:
        """Synthetic safeguarding cases for a few councils, with staff to sign in as (once per database)."""
        from msp.cases.models import Concern
        from msp.cases.synthetic import choose_councils, generate

        start = datetime.date(CASE_START_YEAR, 4, 1)
        councils = choose_councils(CASE_COUNCILS, seed=DEMO_SEED, start=start, end=timezone.localdate())
        users = {
            username: self._user(username, role, first, last, False, False, council=councils[index])
            for username, role, first, last, index in COUNCIL_USERS
        }
        if Concern.objects.filter(council__in=councils).exists():
            self.stdout.write("Safeguarding cases already loaded for " + ", ".join(map(str, councils)) + ".")
            return users
        result = generate(
            councils=CASE_COUNCILS,
            years=CASE_YEARS,
            seed=DEMO_SEED,
            start_year=CASE_START_YEAR,
            per_year=CASES_PER_YEAR,
        )
        self.stdout.write(
            f"Safeguarding cases: {result.concerns} synthetic concerns for "
            + ", ".join(str(council) for council, _ in result.councils)
            + f" ({result.seconds:.1f} s)."
        )
        return users

    def _region_and_figures(self, council) -> dict[str, User]:
        """Every council of the first demo council's region gets synthetic cases too, so benchmarks and
        roll-ups have something to compare; a board member and a regional lead to sign in as; an invented
        comparator group; then the summary tables the dashboards read."""

        from msp.cases.models import Concern
        from msp.cases.synthetic import generate_council
        from msp.outcomes import figures
        from msp.outcomes.periods import years_between
        from msp.outcomes.uploads import upload_groups

        board = council.boards.order_by("name").first()
        users = {
            "board_member": self._user(
                "board_member", Role.SAB_MEMBER, "Bea", "Lindqvist", False, False, board=board
            ),
            "regional_lead": self._user(
                "regional_lead", Role.REGIONAL_LEAD, "Rhys", "Okonkwo", False, False, region=council.region
            ),
        }
        start = datetime.date(CASE_START_YEAR, 4, 1)
        neighbours = [
            c
            for c in Council.objects.valid_on(start).filter(region=council.region).order_by("gss_code")
            if c.valid_to is None and not Concern.objects.filter(council=c).exists()
        ]
        started = time.monotonic()
        now = timezone.now()
        made = sum(
            generate_council(
                c.pk,
                seed=DEMO_SEED,
                start_year=CASE_START_YEAR,
                years=CASE_YEARS,
                per_year=REGION_CASES_PER_YEAR,
                now=now,
            )["concerns"]
            for c in neighbours
        )
        if neighbours:
            self.stdout.write(
                f"Safeguarding cases: {made} synthetic concerns for {len(neighbours)} more councils of"
                f" {council.region} ({time.monotonic() - started:.1f} s)."
            )
        # Some people agreed their (invented) words may be quoted: the dashboards and reports show them.
        from msp.cases.models import Feedback

        said = Feedback.objects.exclude(comments="").order_by("pk").values_list("pk", flat=True)
        Feedback.objects.filter(pk__in=list(said[::2])).update(quote_consent=True)
        path = Path(__file__).resolve().parents[3] / "outcomes" / "data" / "demo_comparators.csv"
        upload_groups(path.name, path.read_bytes())
        started = time.monotonic()
        first, last = CASE_START_YEAR, int(timezone.localdate().year) - (timezone.localdate().month < 4)
        for year in years_between(first, last):
            figures.refresh(year)
        self.stdout.write(f"Summary figures computed ({time.monotonic() - started:.1f} s).")
        return users

    def _coding(self, wave, analyst, second_coder) -> None:
        """The starting codebook, with the demo analyst's coding of every open answer (their confirmed keyword
        suggestions), and a second demo coder on one question who sometimes leaves a theme out, so that the
        agreement (kappa) figures have something to show."""
        from msp.coding import selectors as coding
        from msp.coding.analysis import suggest_themes
        from msp.coding.services import answer_code

        call_command(
            "coding_seed", wave=wave.code, stdout=io.StringIO()
        )  # its summary is for people running it
        coded = 0
        for question in coding.open_questions(wave):
            themes = {theme.pk: theme for theme in coding.codebook(wave, question.code)}
            if not themes:
                continue
            keywords = {pk: theme.keyword_list for pk, theme in themes.items()}
            for n, answer in enumerate(coding.answers_queryset(wave, question.code)):
                chosen = [themes[pk] for pk in suggest_themes(answer.text, keywords)]
                answer_code(answer=answer, coder=analyst, themes=chosen, no_theme=not chosen)
                coded += 1
                if question.code == "msp_meaning" and n < 60:
                    second = chosen[:-1] if n % 6 == 0 else chosen
                    answer_code(answer=answer, coder=second_coder, themes=second, no_theme=not second)
        self.stdout.write(f"Open answers: {coded} coded by {analyst.display_name} (demo coding).")
