"""Tables 1-10 of the 2016 temperature check report as printed: option label, count, printed %, per question.

Typed in from the report so that tests can hold the software to it. Where a printed percentage does not follow
from its count and base, it is listed in PRINTED_SLIPS with the value computed from the count.
"""

from __future__ import annotations

from msp.reports.tabulate import Response

# question code -> (base, [(label, count, printed percent), ...]) in the printed order.
PRINTED: dict[str, tuple[int, list[tuple[str, int, int]]]] = {
    # Table 1
    "strategy_fit": (
        115,
        [
            ("The overriding strategic objective", 8, 7),
            ("One of our main strategic objectives", 62, 54),
            ("A particular task among a collection of others", 11, 10),
            ("It isn't in the strategy", 3, 3),
            ("We don't yet have a strategy", 0, 0),
            ("Other", 31, 27),
        ],
    ),
}

ENGAGEMENT = ["Very well", "Fairly well", "Not very well", "Not at all", "Don't know"]
# Table 2: row -> counts and printed % in the order of ENGAGEMENT; every row's base is 115.
TABLE_2 = {
    "board": ([45, 48, 19, 2, 1], [39, 42, 17, 2, 1]),
    "corporate": ([22, 47, 37, 2, 7], [19, 41, 32, 2, 6]),
    "senior": ([58, 49, 7, 0, 1], [50, 43, 6, 0, 1]),
    "middle": ([45, 61, 9, 0, 0], [39, 53, 8, 0, 0]),
    "operational": ([39, 68, 7, 1, 0], [34, 59, 6, 1, 0]),
}

INVOLVEMENT = [
    "Very involved",
    "Fairly involved",
    "Not very involved",
    "Not at all involved",
    "Don't know",
    "Too soon to say",
]
# Table 3: row -> (printed total, counts, printed %), in the order of INVOLVEMENT. Every row of the report.
TABLE_3 = {
    "adult_social_care": (115, [63, 50, 1, 0, 0, 1], [55, 43, 1, 0, 0, 1]),
    "other_council_departments": (114, [11, 28, 44, 17, 10, 4], [10, 25, 39, 15, 9, 4]),
    "police": (115, [13, 43, 40, 9, 6, 4], [11, 37, 35, 8, 5, 3]),
    "ambulance_trust": (114, [5, 11, 47, 35, 11, 5], [4, 10, 41, 31, 10, 4]),
    "acute_hospital": (115, [8, 52, 39, 10, 2, 4], [7, 45, 34, 9, 2, 3]),
    "primary_care": (112, [6, 29, 52, 14, 6, 5], [5, 26, 46, 13, 5, 4]),
    "mental_health_trust": (114, [17, 61, 29, 6, 1, 0], [15, 54, 25, 5, 1, 0]),
    "other_nhs_provider": (87, [4, 14, 10, 6, 49, 4], [5, 16, 11, 7, 56, 5]),
    "housing_providers": (115, [10, 36, 38, 18, 9, 4], [9, 31, 33, 16, 8, 3]),
    "advocacy": (111, [44, 32, 12, 11, 11, 1], [40, 29, 11, 10, 10, 1]),
    "care_providers": (112, [6, 47, 38, 11, 5, 5], [5, 42, 34, 10, 4, 4]),
    "sab": (111, [51, 47, 10, 0, 2, 1], [46, 42, 9, 0, 2, 1]),
    "ccg": (114, [38, 37, 32, 5, 2, 0], [33, 32, 28, 4, 2, 0]),
    "other": (31, [5, 16, 4, 2, 0, 4], [16, 52, 13, 6, 0, 13]),
}

for row, (counts, pcts) in TABLE_2.items():
    PRINTED[f"engagement.{row}"] = (115, list(zip(ENGAGEMENT, counts, pcts, strict=True)))
for row, (total, counts, pcts) in TABLE_3.items():
    PRINTED[f"involvement.{row}"] = (total, list(zip(INVOLVEMENT, counts, pcts, strict=True)))

PRINTED.update(
    {
        # Table 4
        "asked_outcomes": (115, [("Yes", 79, 69), ("Partly", 32, 28), ("No", 4, 3)]),
        # Table 5 (the "No" row is printed 15%; 18 of 115 is 15.65%, so 16%)
        "measuring_difference": (115, [("Yes", 35, 30), ("Partly", 62, 54), ("No", 18, 15)]),
        # Table 6
        "changed_recording": (115, [("Yes", 98, 85), ("No", 17, 15)]),
        # Table 7: asked only where the changes were not complete, hence its base of 35
        "recording_progress": (
            35,
            [
                ("Almost there", 18, 51),
                ("About halfway there", 3, 9),
                ("Just starting", 12, 34),
                ("Not yet started", 2, 6),
            ],
        ),
        # Table 8
        "confidence_measuring": (
            115,
            [
                ("Totally confident", 6, 5),
                ("Reasonably confident", 38, 33),
                ("Partially confident", 44, 38),
                ("Not very confident", 23, 20),
                ("We're not measuring it at all", 4, 3),
            ],
        ),
        # Table 9 (the 2016 columns)
        "staff_reaction": (
            115,
            [
                ("Very positively", 57, 50),
                ("Fairly positively", 54, 47),
                ("Not very positively", 2, 2),
                ("Not at all positively", 0, 0),
                ("Don't know", 1, 1),
                ("Too soon to tell", 1, 1),
            ],
        ),
        # Table 10: the interviewer's (moderated) rating, printed "A) Fully implemented" etc.
        "achievement.interviewer": (
            115,
            [
                ("Fully implemented", 7, 6),
                ("Planning completed and rolling out", 66, 57),
                ("Roll out currently stalled", 14, 12),
                ("Piloting and testing stage", 9, 8),
                ("Still developing and planning", 19, 17),
                ("Have not yet really started", 0, 0),
            ],
        ),
    }
)

# (question code, option label) -> (printed %, % computed from the printed count and base).
PRINTED_SLIPS = {
    ("measuring_difference", "No"): (15, 16),
}

# Table 9's 2014-15 column, as printed (% of respondents).
TABLE_9_2014_15 = {"very": 36, "fairly": 38, "not_very": 2, "not_at_all": 0, "dont_know": 1, "too_soon": 23}

# The printed tables' question codes in report order, with the report's table number.
REPORT_TABLES = {
    "Table 1": ["strategy_fit"],
    "Table 2": [f"engagement.{row}" for row in TABLE_2],
    "Table 3": [f"involvement.{row}" for row in TABLE_3],
    "Table 4": ["asked_outcomes"],
    "Table 5": ["measuring_difference"],
    "Table 6": ["changed_recording"],
    "Table 7": ["recording_progress"],
    "Table 8": ["confidence_measuring"],
    "Table 9": ["staff_reaction"],
    "Table 10": ["achievement.interviewer"],
}

LETTERS = "ABCDEF"


def responses_from_printed(items, n: int = 115, regions: list[str] | None = None) -> list[Response]:
    """Hand-made responses whose closed answers have exactly the printed counts (no generator, no database).

    Each question's answers are dealt out in printed order to the first `base` respondents; the self-rating
    equals the interviewer's rating except for 14 councils, 13 of whom rated themselves one letter better.
    """
    by_code = {item.code: item for item in items}
    answers: list[dict[str, str]] = [{} for _ in range(n)]
    for code, (_, rows) in PRINTED.items():
        codes = {o.label: o.code for o in by_code[code].options}
        values = [codes[label] for label, count, _ in rows for _ in range(count)]
        for i, value in enumerate(values):
            answers[i][code] = value
    moderated = 0
    for a in answers:
        rating = a["achievement.interviewer"]
        a["achievement.self"] = rating
        if moderated < 13 and rating in "BCDE":
            a["achievement.self"] = LETTERS[LETTERS.index(rating) - 1]
            moderated += 1
        elif moderated == 13 and rating == "B":
            a["achievement.self"] = "C"
            moderated += 1
    assert moderated == 14
    regions = regions or ["Only region"]
    return [
        Response(
            answers=a,
            gss_code=f"E0699{i:04d}",
            council_name=f"Council {i}",
            region=regions[i % len(regions)],
            council_type="Unitary authority",
        )
        for i, a in enumerate(answers)
    ]
