"""Published figures of earlier waves, entered as baselines (percentages exactly as printed)."""

from decimal import Decimal

from msp.tempcheck.services import BaselineRow

# Table 9 of the 2016 report: the 2014-15 evaluation's column (% of respondents).
STAFF_REACTION_2014_15 = [
    BaselineRow("staff_reaction", "very", Decimal(36)),
    BaselineRow("staff_reaction", "fairly", Decimal(38)),
    BaselineRow("staff_reaction", "not_very", Decimal(2)),
    BaselineRow("staff_reaction", "not_at_all", Decimal(0)),
    BaselineRow("staff_reaction", "dont_know", Decimal(1)),
    BaselineRow("staff_reaction", "too_soon", Decimal(23)),
]
