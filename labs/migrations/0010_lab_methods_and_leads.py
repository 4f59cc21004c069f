"""A lab tests one or more methods: Lab.method (a foreign key) becomes Lab.methods (many-to-many), keeping
each lab's method."""

from django.db import migrations, models


def copy_method_to_methods(apps, schema_editor):
    Lab = apps.get_model("labs", "Lab")
    for lab in Lab.objects.exclude(method__isnull=True).only("pk", "method_id"):
        lab.methods.add(lab.method_id)


def copy_first_method_back(apps, schema_editor):
    Lab = apps.get_model("labs", "Lab")
    for lab in Lab.objects.prefetch_related("methods"):
        first = min(lab.methods.all(), key=lambda m: m.name, default=None)
        if first is not None:
            lab.method_id = first.pk
            lab.save(update_fields=["method"])


class Migration(migrations.Migration):
    dependencies = [("labs", "0009_activity_form")]

    operations = [
        migrations.AddField(
            model_name="lab",
            name="methods",
            field=models.ManyToManyField(blank=True, to="labs.method", verbose_name="methods"),
        ),
        migrations.RunPython(copy_method_to_methods, copy_first_method_back),
        migrations.RemoveField(model_name="historicallab", name="method"),
        migrations.RemoveField(model_name="lab", name="method"),
    ]
