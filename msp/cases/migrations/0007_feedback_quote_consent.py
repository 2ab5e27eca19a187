from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="quote_consent",
            field=models.BooleanField(
                default=False,
                help_text="The person (or representative) agreed their comments may be shown, without their name, on the council's and the board's dashboards.",
                verbose_name="agreed their words may be quoted",
            ),
        ),
    ]
