"""Publish the 2017 schedule (tc2017): tc2016 as published plus three optional questions the report analyses."""

from django.db import migrations


def load(apps, schema_editor):
    from msp.tempcheck.instrument import instrument_path
    from msp.tempcheck.services import instrument_publish_file

    instrument_publish_file(instrument_path("tc2017"), apps=apps)


def unload(apps, schema_editor):
    apps.get_model("tempcheck", "InstrumentVersion").objects.filter(code="tc2017", wave__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("tempcheck", "0002_load_2016_instrument_and_waves")]
    operations = [migrations.RunPython(load, unload)]
