"""The method catalogue starts with the six methods the flagship project tested."""

from django.db import migrations

METHODS = [
    ("Social konsekvensanalys (SKA) i detaljplaneprocessen",
     "Sociala konsekvenser bedöms tidigt i detaljplanearbetet."),
    ("Markanvisning som socialt verktyg", "Sociala krav och mål i markanvisningar."),
    ("Seniorperspektiv i planeringen", "Äldres behov och röster i samhällsplaneringen."),
    ("Dialog för ungas inflytande", "Unga människors inflytande i planeringsprocessen."),
    ("Socialt bostadsförsörjningsprogram", "Kommunens bostadsförsörjning med socialt perspektiv."),
    ("Socialt investeringsperspektiv", "Sociala investeringar, t.ex. i Björkås i Kungälv."),
]


def seed(apps, schema_editor):
    Method = apps.get_model("labs", "Method")
    for name, description in METHODS:
        Method.objects.get_or_create(name=name, defaults={"description": description})


def unseed(apps, schema_editor):
    apps.get_model("labs", "Method").objects.filter(name__in=[n for n, _ in METHODS]).delete()


class Migration(migrations.Migration):
    dependencies = [("labs", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
