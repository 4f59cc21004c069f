import datetime as dt

import factory

from accounts.tests.factories import MunicipalityFactory
from labs.models import Activity, Attachment, Lab
from projects.tests.factories import ProjectFactory

# What a lead types into the activity form (labs:activity_new, labs:activity_edit): a valid POST.
ACTIVITY_FORM = {
    "kind": "workshop", "title": "Workshop om markanvisning", "date": "2025-05-20", "start_time": "13:00",
    "place": "Ale kulturhus", "description": "", "participants_total": "12", "participants_women": "6",
    "participants_men": "5", "participants_other": "1", "co_financed_hours": "24.5", "lessons": "",
}


class LabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lab
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Labb {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    place = "Kommunhuset"

    @factory.post_generation
    def leads(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.leads.add(*extracted)

    @factory.post_generation
    def methods(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.methods.add(*extracted)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    lab = factory.SubFactory(LabFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    kind = Activity.Kind.WORKSHOP
    date = dt.date(2025, 6, 1)
    participants_total = 10
    participants_women = 5
    participants_men = 4
    participants_other = 1


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    activity = factory.SubFactory(ActivityFactory)
    name = factory.Sequence(lambda n: f"foto{n}.png")
    kind = Attachment.Kind.PHOTO
    content_type = "image/png"
    size = len(PNG)
    file = factory.django.FileField(filename="foto.png", data=PNG)
