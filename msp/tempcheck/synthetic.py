"""Synthetic temperature-check interviews in the interchange format, matching the 2016 report's counts.

For the 115 councils of 2016 every closed question reproduces Tables 1-10 (and Appendix 1) exactly; for
any other number of councils the same proportions are drawn with largest-remainder rounding. Answers go to
councils at random but reproducibly from the seed, with a light correlation to the interviewer's achievement
rating so that, say, a fully implemented council does not say it never asks people about outcomes. Open
answers are invented from the phrase banks in data/synthetic_phrases.yaml.
"""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Iterable
from fractions import Fraction
from functools import cache
from pathlib import Path

import yaml

from msp.tempcheck.instrument import Instrument, instrument_path, read_instrument

DATA_DIR = Path(__file__).parent / "data"
SAMPLE_2016 = DATA_DIR / "wave2016_sample.csv"
REPORT_BASE = 115  # councils interviewed in 2016

# Counts by option code, as printed in the 2016 report; "" counts the rows left blank (not discussed).
REPORT_2016: dict[str, dict[str, int]] = {
    # Table 1
    "strategy_fit": {
        "overriding": 8,
        "main": 62,
        "particular_task": 11,
        "not_in_strategy": 3,
        "no_strategy": 0,
        "other": 31,
    },
    # Table 2: very well, fairly well, not very well, not at all, don't know
    **{
        f"engagement.{row}": dict(
            zip(("very_well", "fairly_well", "not_very_well", "not_at_all", "dont_know"), counts, strict=True)
        )
        for row, counts in {
            "board": (45, 48, 19, 2, 1),
            "corporate": (22, 47, 37, 2, 7),
            "senior": (58, 49, 7, 0, 1),
            "middle": (45, 61, 9, 0, 0),
            "operational": (39, 68, 7, 1, 0),
        }.items()
    },
    # Table 3: very, fairly, not very, not at all, don't know, too soon; each row has its own base
    **{
        f"involvement.{row}": {
            **dict(
                zip(
                    ("very", "fairly", "not_very", "not_at_all", "dont_know", "too_soon"), counts, strict=True
                )
            ),
            "": REPORT_BASE - sum(counts),
        }
        for row, counts in {
            "adult_social_care": (63, 50, 1, 0, 0, 1),
            "other_council_departments": (11, 28, 44, 17, 10, 4),
            "police": (13, 43, 40, 9, 6, 4),
            "ambulance_trust": (5, 11, 47, 35, 11, 5),
            "acute_hospital": (8, 52, 39, 10, 2, 4),
            "primary_care": (6, 29, 52, 14, 6, 5),
            "mental_health_trust": (17, 61, 29, 6, 1, 0),
            "other_nhs_provider": (4, 14, 10, 6, 49, 4),
            "housing_providers": (10, 36, 38, 18, 9, 4),
            "advocacy": (44, 32, 12, 11, 11, 1),
            "care_providers": (6, 47, 38, 11, 5, 5),
            "sab": (51, 47, 10, 0, 2, 1),
            "ccg": (38, 37, 32, 5, 2, 0),
            "other": (5, 16, 4, 2, 0, 4),
        }.items()
    },
    "asked_outcomes": {"yes": 79, "partly": 32, "no": 4},  # Table 4
    "measuring_difference": {"yes": 35, "partly": 62, "no": 18},  # Table 5
    "changed_recording": {"yes": 98, "no": 17},  # Table 6
    "confidence_measuring": {
        "totally": 6,
        "reasonably": 38,
        "partially": 44,
        "not_very": 23,
        "not_measuring": 4,
    },  # Table 8
    "staff_reaction": {
        "very": 57,
        "fairly": 54,
        "not_very": 2,
        "not_at_all": 0,
        "dont_know": 1,
        "too_soon": 1,
    },  # Table 9
    "achievement.interviewer": {"A": 7, "B": 66, "C": 14, "D": 9, "E": 19, "F": 0},  # Table 10
    # Appendix 1 prints 24% / 19% / 35% / 22%; these counts of 115 round to them.
    "user_engagement": {"little_or_none": 28, "plans": 22, "existing_groups": 40, "mature": 25},
    # Section 1.3: 52% heads of safeguarding, 20% other middle, 20% senior managers, 4 SAB managers, 1 chair.
    "respondent_role": {
        "head_of_safeguarding": 60,
        "other_middle_manager": 23,
        "senior_manager": 23,
        "sab_manager": 4,
        "sab_chair": 1,
        "other": 4,
    },
    "consent_to_attribution": {"yes": 46, "no": 69},
}
# Table 7 is asked where recording changes are not complete: all 17 "No" and 18 "Yes" (all "Almost there").
RECORDING_YES_ALMOST_THERE = (18, 98)  # 18 of the 98 who said yes
RECORDING_NO = {"about_halfway": 3, "just_starting": 12, "not_yet_started": 2}
# Section 3.6: 14 of 115 self-ratings were moderated, all but one to a lower category.
MODERATED = (14, 115)
MODERATED_LOWERED = {"lowered": 13, "raised": 1}
# Shares of the open answers: "outcome" in about half of msp_meaning, "social work" in about one in five.
MEANING_OUTCOME = (48, 100)
MEANING_SOCIAL_WORK = (21, 100)

# Options from best to worst, for answers that lean with the achievement rating; others land at random.
ORDINAL = {
    "strategy_fit": ("overriding", "main", "particular_task", "not_in_strategy"),
    "engagement": ("very_well", "fairly_well", "not_very_well", "not_at_all"),
    "involvement": ("very", "fairly", "not_very", "not_at_all"),
    "asked_outcomes": ("yes", "partly", "no"),
    "measuring_difference": ("yes", "partly", "no"),
    "changed_recording": ("yes", "no"),
    "recording_no": ("about_halfway", "just_starting", "not_yet_started"),
    "confidence_measuring": ("totally", "reasonably", "partially", "not_very", "not_measuring"),
    "staff_reaction": ("very", "fairly", "not_very", "not_at_all"),
    "user_engagement": ("mature", "existing_groups", "plans", "little_or_none"),
}
LETTERS = "ABCDEF"
MATURITY = {"A": 5.0, "B": 4.0, "C": 2.5, "D": 2.0, "E": 1.0, "F": 0.0}
NOISE = 1.3  # spread added to maturity: enough that the correlation stays light
ROAD_MAP = {"A": (8, 10), "B": (5, 7), "C": (4, 6), "D": (3, 3), "E": (2, 2), "F": (1, 1)}
INTERVIEWERS = ("Margaret Ellison", "David Okafor", "Helen Brightwell", "Rajesh Mistry", "Catherine Lowe")
FIELDWORK = (datetime.date(2016, 5, 3), datetime.date(2016, 6, 30))
BANK_HOLIDAYS = {datetime.date(2016, 5, 30)}
COACHING_NOTES_SHARE = (3, 4)


def largest_remainder(counts: dict[str, int], n: int) -> dict[str, int]:
    """Scale counts to total n: floors, then one more each to the largest remainders (ties in given order)."""
    total = sum(counts.values())
    if total == 0:
        return dict.fromkeys(counts, 0)
    quotas = {key: Fraction(value * n, total) for key, value in counts.items()}
    scaled = {key: int(quota) for key, quota in quotas.items()}
    order = sorted(counts, key=lambda key: -(quotas[key] - scaled[key]))  # sorted() is stable
    for key in order[: n - sum(scaled.values())]:
        scaled[key] += 1
    return scaled


@cache
def phrases() -> dict:
    return yaml.safe_load((DATA_DIR / "synthetic_phrases.yaml").read_text(encoding="utf-8"))


@cache
def tc2016() -> Instrument:
    return read_instrument(instrument_path("tc2016"))


class _Wave:
    """Builds the answers (as option codes) for n rows, one question at a time, from one random stream."""

    def __init__(self, n: int, rng: random.Random):
        self.n, self.rng = n, rng
        self.codes: list[dict[str, str]] = [{} for _ in range(n)]

    def scaled(self, counts: dict[str, int], n: int | None = None) -> dict[str, int]:
        # Scaling from the report base keeps 115 exact; ratios such as 18 of 98 scale from their own base.
        return largest_remainder(counts, self.n if n is None else n)

    def shuffled(self, code: str, counts: dict[str, int], rows: list[int] | None = None) -> None:
        rows = list(range(self.n)) if rows is None else list(rows)
        values = [key for key, count in self.scaled(counts, len(rows)).items() for _ in range(count)]
        self.rng.shuffle(values)
        for row, value in zip(rows, values, strict=True):
            self.codes[row][code] = value

    def leaning(
        self, code: str, counts: dict[str, int], order: tuple[str, ...], rows: list[int] | None = None
    ):
        """Options outside `order` go to random rows; the rest go best-first to the most mature rows."""
        rows = list(range(self.n)) if rows is None else list(rows)
        scaled = self.scaled(counts, len(rows))
        self.rng.shuffle(rows)
        for key in [k for k in scaled if k not in order]:
            for row in rows[: scaled[key]]:
                self.codes[row][code] = key
            rows = rows[scaled[key] :]
        maturity = {row: MATURITY[self.codes[row]["achievement.interviewer"]] for row in rows}
        rows.sort(key=lambda row: maturity[row] + self.rng.gauss(0, NOISE), reverse=True)
        for key in order:
            for row in rows[: scaled.get(key, 0)]:
                self.codes[row][code] = key
            rows = rows[scaled.get(key, 0) :]

    def sample(self, rows: list[int], share: tuple[int, int]) -> list[int]:
        chosen = self.scaled({"in": share[0], "out": share[1] - share[0]}, len(rows))["in"]
        return self.rng.sample(rows, chosen)


def _closed_answers(wave: _Wave) -> None:
    wave.shuffled("achievement.interviewer", REPORT_2016["achievement.interviewer"])
    for code, counts in REPORT_2016.items():
        if code in ("achievement.interviewer", "respondent_role", "consent_to_attribution"):
            continue
        wave.leaning(code, counts, ORDINAL[code.split(".")[0]])
    everyone = range(wave.n)
    yes_rows = [row for row in everyone if wave.codes[row]["changed_recording"] == "yes"]
    for row in wave.sample(yes_rows, RECORDING_YES_ALMOST_THERE):
        wave.codes[row]["recording_progress"] = "almost_there"
    no_rows = [row for row in everyone if wave.codes[row]["changed_recording"] == "no"]
    wave.leaning("recording_progress", RECORDING_NO, ORDINAL["recording_no"], rows=no_rows)
    for row in everyone:
        low, high = ROAD_MAP[wave.codes[row]["achievement.interviewer"]]
        wave.codes[row]["road_map_step"] = str(wave.rng.randint(low, high))
    _moderate(wave)


def _moderate(wave: _Wave) -> None:
    """The respondent's own rating: equal to the interviewer's except for the moderated few."""
    bank = phrases()
    for row in range(wave.n):
        wave.codes[row]["achievement.self"] = wave.codes[row]["achievement.interviewer"]
    moderated = wave.scaled({"yes": MODERATED[0], "no": MODERATED[1] - MODERATED[0]})["yes"]
    split = wave.scaled(MODERATED_LOWERED, moderated)
    position = {row: LETTERS.index(wave.codes[row]["achievement.interviewer"]) for row in range(wave.n)}
    # Lowered: the respondent chose an earlier (better) letter, so the interviewer's cannot be A.
    lowerable = [row for row in range(wave.n) if position[row] > 0]
    lowered = wave.rng.sample(lowerable, min(split["lowered"], len(lowerable)))
    taken = set(lowered)
    raisable = [row for row in range(wave.n) if position[row] < len(LETTERS) - 1 and row not in taken]
    raised = wave.rng.sample(raisable, min(split["raised"], len(raisable)))
    for row in lowered:
        step = 2 if position[row] >= 2 and wave.rng.random() < 0.2 else 1
        wave.codes[row]["achievement.self"] = LETTERS[position[row] - step]
        wave.codes[row]["moderation_reason"] = wave.rng.choice(bank["moderation_lowered"])
    for row in raised:
        wave.codes[row]["achievement.self"] = LETTERS[position[row] + 1]
        wave.codes[row]["moderation_reason"] = wave.rng.choice(bank["moderation_raised"])


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _meaning(rng: random.Random, outcome: bool, social_work: bool) -> str:
    bank = phrases()
    opener = rng.choice(bank["meaning_openers"])
    first, second = rng.sample(bank["meaning_core"], 2)
    parts = [_capitalise(opener + first)]
    if rng.random() < 0.4:
        parts.append(_capitalise(second))
    if outcome:
        parts.append(rng.choice(bank["meaning_outcome"]))
    if social_work:
        parts.append(rng.choice(bank["meaning_social_work"]))
    return " ".join(parts)


def _pick(rng: random.Random, sentences: list[str], most: int = 2) -> str:
    return " ".join(rng.sample(sentences, rng.randint(1, most)))


def _open_answers(wave: _Wave) -> None:
    bank, rng, everyone = phrases(), wave.rng, list(range(wave.n))
    with_outcome = set(wave.sample(everyone, MEANING_OUTCOME))
    with_social_work = set(wave.sample(everyone, MEANING_SOCIAL_WORK))
    themes = bank["blockage_themes"]
    wave.shuffled("_blockage_theme", {name: theme["weight"] for name, theme in themes.items()})
    with_notes = set(wave.sample(everyone, COACHING_NOTES_SHARE))
    for row in everyone:
        codes = wave.codes[row]
        codes["msp_meaning"] = _meaning(rng, row in with_outcome, row in with_social_work)
        codes["strengths"] = _pick(rng, bank["strengths"]) + rng.choice(bank["strength_tails"])
        theme = codes.pop("_blockage_theme")
        blockage = rng.choice(themes[theme]["sentences"])
        if theme != "staff_resources" and rng.random() < 0.3:
            # A second, lesser blockage; never the cuts theme, so that theme's share stays as weighted.
            other = rng.choice([name for name in themes if name not in (theme, "staff_resources")])
            blockage += " " + rng.choice(themes[other]["sentences"])
        codes["blockages"] = blockage
        codes["user_voice"] = rng.choice(bank["user_voice"][codes["user_engagement"]])
        codes["next_steps"] = _pick(rng, bank["next_steps"], most=3)
        codes["single_thing"] = rng.choice(bank["single_thing"])
        codes["programme_wishes"] = _pick(rng, bank["programme_wishes"])
        codes["coaching_notes"] = _pick(rng, bank["coaching_notes"]) if row in with_notes else ""


def _interview_dates(rng: random.Random, n: int) -> list[str]:
    start, end = FIELDWORK
    days = [start + datetime.timedelta(days=d) for d in range((end - start).days + 1)]
    weekdays = [day for day in days if day.weekday() < 5 and day not in BANK_HOLIDAYS]
    return [rng.choice(weekdays).isoformat() for _ in range(n)]


def generate_wave_rows(
    councils: list[tuple[str, str]], *, seed: int, instrument: Instrument | None = None
) -> list[dict[str, str]]:
    """One dict per interview: column code -> option label as printed, free text, or "" where not answered."""
    instrument = instrument or tc2016()
    rng = random.Random(seed)
    wave = _Wave(len(councils), rng)
    _closed_answers(wave)
    wave.shuffled("respondent_role", REPORT_2016["respondent_role"])
    wave.shuffled("consent_to_attribution", REPORT_2016["consent_to_attribution"])
    wave.shuffled("interviewer", {name: 1 for name in INTERVIEWERS})
    _open_answers(wave)
    dates = _interview_dates(rng, len(councils))

    labels = {item.code: {o.code: o.label for o in item.options} for item in instrument.items}
    labels.update({fact.code: {o.code: o.label for o in fact.options} for fact in instrument.facts})
    rows = []
    for (_gss_code, name), codes, interview_date in zip(councils, wave.codes, dates, strict=True):
        codes = {**codes, "council": name, "interview_date": interview_date}
        row = {}
        for column in instrument.column_codes():
            value = codes.get(column, "")
            row[column] = labels.get(column, {}).get(value, value) if value else ""
        rows.append(row)
    return rows


def synthetic_councils(n: int) -> list[tuple[str, str]]:
    """Made-up councils for benchmarks: they must be created in the reference data before an import."""
    return [(f"E99{number:06d}", f"Synthetic council {number:04d}") for number in range(1, n + 1)]


def read_sample(path: Path = SAMPLE_2016) -> list[tuple[str, str]]:
    """The 2016 sample as (gss_code, name as printed in Appendix 4)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [(row["gss_code"], row["name_as_printed"]) for row in csv.DictReader(handle)]


def write_rows_csv(path: Path | str, rows: Iterable[dict[str, str]], columns: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)


# --- Choosing councils from the reference data (these read the database) -----------------------------------


class CouncilChoiceError(ValueError):
    """The councils asked for cannot be found or made."""


def sample_councils_2016(path: Path = SAMPLE_2016) -> list[tuple[str, str]]:
    """The 2016 sample with each council's official name from the reference data."""
    from msp.councils.models import Council

    sample = read_sample(path)
    names = dict(
        Council.objects.filter(gss_code__in=[code for code, _ in sample]).values_list("gss_code", "name")
    )
    missing = [f"{printed} ({code})" for code, printed in sample if code not in names]
    if missing:
        raise CouncilChoiceError(
            f"{len(missing)} councils of the 2016 sample are not in the reference data, e.g. {missing[0]};"
            " run `msp migrate` to load the councils"
        )
    return [(code, names[code]) for code, _ in sample]


def councils_for_wave(wave, n: int | None, *, seed: int, synthetic: bool = False) -> list[tuple[str, str]]:
    """Real councils valid when fieldwork starts (2016's printed sample for its 115), else made-up ones."""
    from msp.councils.models import Council

    if wave.code == "2016" and n in (None, REPORT_BASE):
        return sample_councils_2016()
    day = wave.fieldwork_start or datetime.date.today()
    valid = list(Council.objects.valid_on(day).order_by("gss_code").values_list("gss_code", "name"))
    n = len(valid) if n is None else n
    if n <= len(valid):
        chosen = random.Random(seed).sample(valid, n)
        return sorted(chosen, key=lambda council: council[1])
    if not synthetic:
        raise CouncilChoiceError(
            f"only {len(valid)} councils were valid on {day:%d/%m/%Y}; ask for at most that many, or add"
            " --synthetic-councils to make up councils for a benchmark"
        )
    return synthetic_councils(n)
