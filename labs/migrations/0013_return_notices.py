# The return notice sent once per return, also when the task is delivered twice (issue 15): a row per return.
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("labs", "0012_standalone_lessons"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActivityReturn",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField(verbose_name="reason for return")),
                ("returned_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("notified_at", models.DateTimeField(blank=True, null=True)),
                ("activity", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="returns",
                                               to="labs.activity")),
            ],
            options={
                "verbose_name": "return for revision",
                "verbose_name_plural": "returns for revision",
                "ordering": ["-returned_at", "-pk"],
            },
        ),
    ]
