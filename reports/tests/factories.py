import datetime as dt

import factory
from django.core.files.base import ContentFile

from projects.tests.factories import ProjectFactory
from reports.models import Report, ReportDraft

# The smallest bytes a PDF reader accepts as a file header; the download view does not parse it.
FAKE_PDF = b"%PDF-1.7\n% GR Portal test report\n%%EOF\n"


class ReportFactory(factory.django.DjangoModelFactory):
    """A report request; ReportFactory(done=True) is a finished one with a stored PDF."""

    class Meta:
        model = Report
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2025, 6, 30)
    addressed_to = factory.LazyAttribute(lambda report: report.project.funder)

    class Params:
        done = factory.Trait(status=Report.Status.DONE)

    @factory.post_generation
    def stored_pdf(report, create, extracted, **kwargs):
        if create and report.status == Report.Status.DONE and not report.file:
            report.file.save(report.download_name(), ContentFile(FAKE_PDF), save=False)
            report.size = len(FAKE_PDF)
            report.save()


class ReportDraftFactory(factory.django.DjangoModelFactory):
    """The texts of a report not yet generated, as reports.services.draft_create starts it."""

    class Meta:
        model = ReportDraft

    project = factory.SubFactory(ProjectFactory)
    report_type = "vinnova_progress"
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2025, 6, 30)
