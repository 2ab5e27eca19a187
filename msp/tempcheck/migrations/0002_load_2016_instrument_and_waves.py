"""Load the 2016 instrument, the 2016 wave, and the 2014-15 evaluation as its published baseline."""

import datetime

from django.db import migrations


def load(apps, schema_editor):
    from msp.tempcheck.baselines import STAFF_REACTION_2014_15
    from msp.tempcheck.instrument import instrument_path
    from msp.tempcheck.services import baseline_figures_set, instrument_publish_file, wave_create

    instrument_publish_file(instrument_path("tc2016"), apps=apps)
    baseline = wave_create(
        code="2014-15", name="MSP evaluation 2014-15 (published figures)", instrument_code=None,
        kind="published", apps=apps,
    )
    baseline_figures_set(wave=baseline, rows=STAFF_REACTION_2014_15, apps=apps)
    wave_create(
        code="2016", name="MSP temperature check 2016", instrument_code="tc2016",
        fieldwork_start=datetime.date(2016, 5, 1), fieldwork_end=datetime.date(2016, 6, 30),
        baseline_code="2014-15", apps=apps,
    )


class Migration(migrations.Migration):
    dependencies = [("tempcheck", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
