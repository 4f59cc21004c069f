import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("labs", "0010_lab_methods_and_leads"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Issue 15, "people are told": a record of each submission, and how each coordinator wants to hear of them.
        migrations.CreateModel(
            name="ActivitySubmission",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("submitted_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("notified_at", models.DateTimeField(blank=True, null=True)),
                ("activity", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                               related_name="submissions", to="labs.activity")),
                ("submitted_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                   related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "submission",
                "verbose_name_plural": "submissions",
                "ordering": ["-submitted_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="ReviewNotice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("frequency", models.CharField(
                    choices=[("immediate", "Immediately"), ("daily", "One summary a day"), ("never", "Not at all")],
                    default="immediate", max_length=10, verbose_name="submitted activities")),
                ("last_digest_at", models.DateTimeField(blank=True, null=True)),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="labs_review_notice", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "notice of submitted activities",
                "verbose_name_plural": "notices of submitted activities",
            },
        ),
    ]
