"""Migration path from the single co_financed_hours field: the hours of older activities are booked on
the lab's municipality (the in-kind contributor in almost every case); the column stays as the total."""

from django.db import migrations


def forwards(apps, schema_editor):
    Activity = apps.get_model("labs", "Activity")
    CoFinancedTime = apps.get_model("labs", "CoFinancedTime")
    for activity in Activity.objects.filter(co_financed_hours__gt=0, lab__municipality__isnull=False).select_related("lab"):
        CoFinancedTime.objects.get_or_create(
            activity=activity, organisation_id=activity.lab.municipality_id,
            defaults={"hours": activity.co_financed_hours},
        )


class Migration(migrations.Migration):
    dependencies = [("labs", "0004_activity_breakdowns_lessons_attachments")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
