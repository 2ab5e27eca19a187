"""`msp cases_import FILE --council GSS --mapping PROFILE`: a saved mapping by name, or a mapping file."""

import pytest
import yaml
from django.core.management import CommandError, call_command

from msp.cases.models import Concern
from msp.extracts import sample
from msp.extracts.models import MappingProfile


@pytest.fixture
def extract(tmp_path):
    path = tmp_path / "caseworks.csv"
    path.write_bytes(sample.csv_bytes(sample.rows(30)))
    return path


def test_a_mapping_file_reads_the_systems_own_layout(extract, tmp_path, council, capsys):
    mapping = tmp_path / "caseworks.yaml"
    mapping.write_text(yaml.safe_dump(sample.document()))
    call_command("cases_import", str(extract), council=council.gss_code, mapping=str(mapping))
    assert Concern.objects.filter(council=council).count() == 30
    assert "Imported 30 concerns" in capsys.readouterr().out


def test_a_saved_mapping_by_name_and_version(extract, council, other_council):
    MappingProfile.objects.create(council=council, name="Caseworks", version=1, document={"format": "x"})
    MappingProfile.objects.create(council=council, name="Caseworks", version=2, document=sample.document())
    # Another council's mapping of the same name is not this council's.
    MappingProfile.objects.create(council=other_council, name="Theirs", version=1, document=sample.document())
    call_command("cases_import", str(extract), council=council.gss_code, mapping="Caseworks", dry_run=True)
    with pytest.raises(CommandError, match="not an MSP extract mapping"):
        call_command("cases_import", str(extract), council=council.gss_code, mapping="Caseworks@1")
    with pytest.raises(CommandError, match=r"has no mapping saved under that name \(it has: Caseworks\)"):
        call_command("cases_import", str(extract), council=council.gss_code, mapping="Theirs")
    assert Concern.objects.count() == 0


def test_problems_name_the_files_heading_and_nothing_is_imported(tmp_path, council):
    records = sample.rows(10)
    records[4]["Location of Abuse"] = "Garden shed"
    path = tmp_path / "caseworks.csv"
    path.write_bytes(sample.csv_bytes(records))
    MappingProfile.objects.create(council=council, name="Caseworks", document=sample.document())
    with pytest.raises(CommandError) as caught:
        call_command("cases_import", str(path), council=council.gss_code, mapping="Caseworks")
    said = str(caught.value)
    assert "row 6, column `location`, heading 'Location of Abuse'" in said
    assert "'Garden shed' is not a location of risk" in said
    assert Concern.objects.count() == 0


def test_a_file_without_a_mapped_heading_is_refused(tmp_path, council):
    records = [{k: v for k, v in r.items() if k != "Referral Date"} for r in sample.rows(3)]
    path = tmp_path / "short.csv"
    path.write_bytes(sample.csv_bytes(records).replace(b"Referral Date,", b""))
    MappingProfile.objects.create(council=council, name="Caseworks", document=sample.document())
    with pytest.raises(CommandError, match="heading 'Referral Date', which the file lacks"):
        call_command("cases_import", str(path), council=council.gss_code, mapping="Caseworks")
