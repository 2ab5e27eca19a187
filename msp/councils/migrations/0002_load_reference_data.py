"""Load regions, councils, aliases, successors and Safeguarding Adults Boards from msp/councils/data/."""

from django.db import migrations


def load(apps, schema_editor):
    # The service reads today's CSV files; corrections later are applied with `msp councils_reload`.
    from msp.councils.services import councils_load

    councils_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("councils", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
