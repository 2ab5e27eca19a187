"""An extract from an invented case system ("Caseworks"): its own headings, codes and day-first dates.

Synthetic people only; for tests, the benchmark and trying the import pages. `rows(n)` gives n concerns (a
person has one to three); `csv_bytes` writes them.
"""

from __future__ import annotations

import copy
import csv
import datetime
import io
import random

HEADINGS = [
    "Client ID",
    "Forename",
    "Surname",
    "DOB",
    "Sex",
    "Referral ID",
    "Referral Date",
    "Source of Referral",
    "Abuse Type 1",
    "Abuse Type 2",
    "Abuse Type 3",
    "Location of Abuse",
    "Concern Details",
    "Decision",
    "Crit A",
    "Crit B",
    "Crit C",
    "Decision Date",
    "Locality Team",
]
ABUSE = ["NEG", "FIN", "PHYS", "PSY", "SELF", "ORG"]
PLACES = ["Own Home (incl. sheltered)", "Care Home - Residential", "Care Home - Nursing", "Hospital - Acute"]
SOURCES = ["CARE PROVIDER", "POLICE", "GP", "HOUSING"]
GIVEN = {"F": ["Ada", "Cora", "Dilys", "Fenella", "Hester"], "M": ["Bertram", "Edwin", "Godfrey", "Ivor"]}
FAMILY = ["Ashgrove", "Brackenridge", "Coldharbour", "Dunmore", "Eastleigh", "Fairweather"]
# What each foreign value means in MSP (the mapping a data officer would confirm).
VALUES = {
    "risk_types": {
        "NEG": "neglect",
        "FIN": "financial",
        "PHYS": "physical",
        "PSY": "psychological",
        "SELF": "self_neglect",
        "ORG": "organisational",
    },
    "location": {
        "Own Home (incl. sheltered)": "own_home",
        "Care Home - Residential": "care_home_residential",
        "Care Home - Nursing": "care_home_nursing",
        "Hospital - Acute": "hospital_acute",
    },
    "referrer_type": {"CARE PROVIDER": "care_provider", "POLICE": "police", "GP": "gp", "HOUSING": "housing"},
    "gender": {"F": "female", "M": "male"},
    "decision": {"S42": "s42", "NFA": "none"},
    "criterion_a": {"Y": "yes", "N": "no"},
    "criterion_b": {"Y": "yes", "N": "no"},
    "criterion_c": {"Y": "yes", "N": "no"},
}
COLUMNS = {
    "external_person_id": {"heading": "Client ID"},
    "given_name": {"heading": "Forename"},
    "family_name": {"heading": "Surname"},
    "date_of_birth": {"heading": "DOB", "date_format": "dd-mon-yyyy"},
    "gender": {"heading": "Sex"},
    "external_concern_id": {"heading": "Referral ID"},
    "received_at": {"heading": "Referral Date", "date_format": "dd/mm/yyyy"},
    "referrer_type": {"heading": "Source of Referral"},
    "risk_types": {"headings": ["Abuse Type 1", "Abuse Type 2", "Abuse Type 3"]},
    "location": {"heading": "Location of Abuse"},
    "what_happened": {"heading": "Concern Details"},
    "decision": {"heading": "Decision"},
    "criterion_a": {"heading": "Crit A"},
    "criterion_b": {"heading": "Crit B"},
    "criterion_c": {"heading": "Crit C"},
    "decided_at": {"heading": "Decision Date", "date_format": "dd/mm/yyyy"},
    "area": {"heading": "Locality Team"},
}


def document(name: str = "Caseworks extract, safeguarding v3") -> dict:
    document = {
        "format": "msp-extract-mapping",
        "version": 1,
        "name": name,
        "columns": COLUMNS,
        "values": VALUES,
    }
    return copy.deepcopy(document)  # tests change theirs


def rows(n: int, seed: int = 7, start: int = 1) -> list[dict]:
    chance = random.Random(seed)
    found, person = [], start
    while len(found) < n:
        born = datetime.date(1925, 1, 1) + datetime.timedelta(days=chance.randrange(365 * 70))
        sex, area = chance.choice("FM"), chance.choice(["North", "South"])
        for _ in range(min(chance.randint(1, 3), n - len(found))):
            number = start + len(found)
            received = datetime.datetime(2019, 4, 1, 9) + datetime.timedelta(
                days=chance.randrange(700), minutes=chance.randrange(480)
            )
            types = chance.sample(ABUSE, chance.randint(1, 3))
            s42 = chance.random() < 0.4
            decided = received + datetime.timedelta(days=chance.randint(1, 5))
            found.append(
                {
                    "Client ID": f"CL{person:06d}",
                    "Forename": GIVEN[sex][person % len(GIVEN[sex])],
                    "Surname": FAMILY[person % len(FAMILY)],
                    "DOB": born.strftime("%d-%b-%Y"),
                    "Sex": sex,
                    "Referral ID": f"REF{number:07d}",
                    "Referral Date": received.strftime("%d/%m/%Y %H:%M"),
                    "Source of Referral": chance.choice(SOURCES),
                    "Abuse Type 1": types[0],
                    "Abuse Type 2": types[1] if len(types) > 1 else "",
                    "Abuse Type 3": types[2] if len(types) > 2 else "",
                    "Location of Abuse": chance.choice(PLACES),
                    "Concern Details": "A worker raised a worry after a visit (synthetic).",
                    "Decision": "S42" if s42 else "",
                    "Crit A": "Y" if s42 else "",
                    "Crit B": "Y" if s42 else "",
                    "Crit C": "Y" if s42 else "",
                    "Decision Date": decided.strftime("%d/%m/%Y %H:%M") if s42 else "",
                    "Locality Team": area,
                }
            )
        person += 1
    return found


def csv_bytes(records: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=HEADINGS, restval="")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode("utf-8-sig")
