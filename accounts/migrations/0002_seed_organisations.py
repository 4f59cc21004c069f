"""The 13 GR municipalities with their SCB codes, GR itself, and the three main funders."""

from django.db import migrations

MUNICIPALITIES = [
    ("Ale", "1440"), ("Alingsås", "1489"), ("Göteborg", "1480"), ("Härryda", "1401"),
    ("Kungsbacka", "1384"), ("Kungälv", "1482"), ("Lerum", "1441"), ("Lilla Edet", "1462"),
    ("Mölndal", "1481"), ("Partille", "1402"), ("Stenungsund", "1415"), ("Tjörn", "1419"),
    ("Öckerö", "1407"),
]
FUNDERS = ["Vinnova", "Länsstyrelsen Västra Götaland", "Svenska ESF-rådet"]


def seed(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    for name, code in MUNICIPALITIES:
        Organisation.objects.update_or_create(
            municipality_code=code, defaults={"name": name, "kind": "municipality"}
        )
    Organisation.objects.get_or_create(name="Göteborgsregionen", defaults={"kind": "region"})
    for name in FUNDERS:
        Organisation.objects.get_or_create(name=name, defaults={"kind": "funder"})


def unseed(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Organisation.objects.filter(municipality_code__in=[c for _, c in MUNICIPALITIES]).delete()
    Organisation.objects.filter(name__in=FUNDERS + ["Göteborgsregionen"]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
