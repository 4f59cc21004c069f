import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_people"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Issue 15, "people are told": who does not want deadline reminders, and which reminders went out.
        migrations.CreateModel(
            name="ReminderOptOut",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="projects_reminder_opt_out", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "reminder opt-out",
                "verbose_name_plural": "reminder opt-outs",
            },
        ),
        migrations.CreateModel(
            name="SentReminder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("due_date", models.DateField(verbose_name="date")),
                ("recipients", models.PositiveIntegerField(default=0)),
                ("sent_at", models.DateTimeField(auto_now_add=True)),
                ("application", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                                  related_name="sent_reminders", to="projects.fundingapplication")),
                ("milestone", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                                related_name="sent_reminders", to="projects.milestone")),
            ],
            options={
                "verbose_name": "sent reminder",
                "verbose_name_plural": "sent reminders",
                "ordering": ["-sent_at"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(models.Q(("application__isnull", False), ("milestone__isnull", True)),
                                           models.Q(("application__isnull", True), ("milestone__isnull", False)),
                                           _connector="OR"),
                        name="projects_sentreminder_one_item"),
                    models.UniqueConstraint(fields=("application", "due_date"),
                                            name="projects_sentreminder_application_once"),
                    models.UniqueConstraint(fields=("milestone", "due_date"),
                                            name="projects_sentreminder_milestone_once"),
                ],
            },
        ),
    ]
