"""The activity form fits the hour after a workshop: how long an activity went on (apart from the co-financed
working time), and why an activity dated outside its project's period still belongs to it."""

import django.core.validators
from django.db import migrations, models


def _fields():
    return [
        ("duration_minutes", models.PositiveIntegerField(
            blank=True, null=True, verbose_name="length in minutes",
            validators=[django.core.validators.MinValueValidator(1),
                        django.core.validators.MaxValueValidator(1440)])),
        ("date_outside_reason", models.TextField(
            blank=True, verbose_name="why the date lies outside the project's period")),
    ]


class Migration(migrations.Migration):
    dependencies = [("labs", "0008_versions")]

    operations = [
        migrations.AddField(model_name=model, name=name, field=field)
        for model in ("activity", "historicalactivity")
        for name, field in _fields()
    ]
