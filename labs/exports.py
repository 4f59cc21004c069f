"""CSV and XLSX of the filtered activity log, written through grportal.exports (a title that starts like a
formula is written as text, hours keep a decimal comma in CSV and stay numbers in XLSX). The activity's length is
a number of minutes, which a spreadsheet can add up (the pages write it "2 h 30 min"); empty when none was given."""

from itertools import chain

from django.utils.translation import gettext as _

from grportal.exports import csv_response, xlsx_response, xlsx_table

from .models import GENDER_FIELDS, SECTOR_FIELDS, Activity


def header() -> list[str]:
    labels = {f.name: str(f.verbose_name) for f in Activity._meta.get_fields() if hasattr(f, "verbose_name")}
    return [
        _("Date"), _("Lab"), _("Municipality"), _("Method"), _("Type"), _("Title"), _("Place"),
        labels["duration_minutes"], _("Status"),
        labels["participants_total"], *(labels[f] for f in GENDER_FIELDS), *(labels[f] for f in SECTOR_FIELDS),
        _("Target groups"), labels["co_financed_hours"], _("Lessons learned"), _("Themes"),
    ]


def rows(activities):
    for a in activities:
        groups = "; ".join(f"{c.target_group.name}: {c.count}" for c in a.target_group_counts.all())
        yield [
            a.date, a.lab.name, a.where.name if a.where else "",
            ", ".join(m.name for m in a.lab.methods.all()), a.get_kind_display(), a.title, a.place,
            a.duration_minutes, a.get_status_display(),
            a.participants_total, *(getattr(a, f) for f in GENDER_FIELDS), *(getattr(a, f) for f in SECTOR_FIELDS),
            groups, a.co_financed_hours, a.lessons, ", ".join(str(t) for t in a.theme_labels),
        ]


def _with_methods(activities):
    """The labs' methods in one query, whatever the row count."""
    return activities.prefetch_related("lab__methods") if hasattr(activities, "prefetch_related") else activities


def as_csv(activities, *, filename: str):
    return csv_response(chain([header()], rows(_with_methods(activities))), filename=filename)


def as_xlsx(activities, *, filename: str):
    return xlsx_response(xlsx_table(_("Activities"), header(), rows(_with_methods(activities))), filename=filename)
