"""The national default list of desired-outcome categories; councils add their own in the admin."""

from django.db import migrations

# Worded as the person might say it; councils can add to the list but the codes here stay stable.
NATIONAL = [
    ("stop_harm", "The abuse or neglect to stop"),
    ("feel_safe", "To feel safe or safer"),
    ("stay_home", "To stay where I live"),
    ("relationships", "To keep in touch with people who matter to me"),
    ("justice", "Action against the person who caused harm, or justice"),
    ("support", "Help or support to be put in place"),
    ("confidence", "To feel more confident and in control"),
    ("money_property", "To get money or belongings back"),
    ("answers", "To know what happened and why"),
    ("other", "Something else, in the person's own words"),
]


def load(apps, schema_editor):
    OutcomeCategory = apps.get_model("cases", "OutcomeCategory")
    for position, (code, label) in enumerate(NATIONAL, start=1):
        OutcomeCategory.objects.update_or_create(
            council=None, code=code, defaults={"label": label, "position": position * 10}
        )


def unload(apps, schema_editor):
    apps.get_model("cases", "OutcomeCategory").objects.filter(council=None, code__in=[c for c, _ in NATIONAL]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
