"""Optimistic locking: the one way a save is refused when someone else saved the same record first.

Every record people edit in a form is `Versioned`. The form carries the version the person saw
(`VersionedFormMixin`, a hidden field); the service claims the next version with one conditional UPDATE
(`claim_version`: WHERE pk = … AND version = seen) inside the transaction that then saves the record through the
model (so django-simple-history rows and signals, such as the dashboards' cache, work as for any save). When
someone else saved in between, no row matches and the save is refused with `StaleEdit`, which carries the record
as it is saved now (None when it was deleted). The view hands the refusal to the form (`form.refuse(stale)`): the
form keeps everything the person typed, lists field by field what the other person saved against what this
person typed, and from then on carries the saved version, so saving again is a deliberate choice to replace it.
Every edit page shows that with `templates/components/stale_edit.html`.

On PostgreSQL the UPDATE row lock makes a second, concurrent claim wait for the first to commit and then find
the version moved on; on SQLite writes are serialised anyway.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

FORM_INCOMPLETE = _("The form is incomplete. Reload the page and make your change again.")


class Versioned(models.Model):
    """A record people edit in a form: its version moves on with every save made through `claim_version`."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def versioned_models() -> list[type[models.Model]]:
    """Every concrete model with optimistic locking (tests/test_locking.py checks each has an edit test)."""
    return [model for model in apps.get_models() if issubclass(model, Versioned)]


class StaleEdit(Exception):
    """Someone else saved (or deleted) the record after the person loaded it. `current` is the record as it is
    saved now, or None when it is gone."""

    def __init__(self, current):
        super().__init__("The record has been changed by someone else.")
        self.current = current


def claim_version(instance: Versioned, expected_version: int | None = None) -> int:
    """Move the stored version from the one the person saw to the next, or refuse with StaleEdit.

    Call it inside the transaction that then saves `instance` (through the model), before the save: the claim
    and the save commit together. `expected_version` is the version the form carried; None means the version
    `instance` was loaded with (a service called without a form). Sets and returns the new version.
    """
    model = type(instance)
    if instance.pk is None:
        raise ValueError("claim_version needs a saved record; a new one has nothing to conflict with.")
    if not transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        raise RuntimeError("claim_version must run inside transaction.atomic, with the save that follows it.")
    expected = instance.version if expected_version is None else expected_version
    manager = model._base_manager
    if not manager.filter(pk=instance.pk, version=expected).update(version=expected + 1):
        raise StaleEdit(manager.filter(pk=instance.pk).first())
    instance.version = expected + 1
    return instance.version


# --- Forms -------------------------------------------------------------------------------------------------


@dataclass
class Conflict:
    """What the refused person is shown: who saved, when, and the fields where theirs differs from what was typed."""

    deleted: bool = False
    rows: list[dict] = field(default_factory=list)
    saved_by: str = ""
    saved_at: datetime | None = None


class VersionedFormMixin:
    """Put first in a form's bases (`class MeetingForm(VersionedFormMixin, forms.ModelForm)`).

    Adds the hidden `version` (the version the person opened; a change of a saved record cannot be made without
    it), `expected_version` for the service, and `refuse(stale)` for the view. A form that is not a ModelForm
    names the keyword that carries its record in `instance_kwarg` (the report draft's form: "draft").
    """

    instance_kwarg = "instance"

    def __new__(cls, *args, **kwargs):
        # The keywords the form was made with (its project, lab, budget …): refuse() makes the same form for the
        # record as saved now, to read what the other person saved field by field, as the page would show it.
        form = super().__new__(cls)
        form._versioned_kwargs = {k: v for k, v in kwargs.items() if k not in ("data", "files", "initial")}
        return form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
        record = self.versioned_record
        if record is not None and record.pk:
            self.fields["version"].initial = record.version

    @property
    def versioned_record(self):
        return self._versioned_kwargs.get(self.instance_kwarg) or getattr(self, "instance", None)

    @property
    def edits_saved_record(self) -> bool:
        record = self.versioned_record
        return record is not None and record.pk is not None

    @property
    def expected_version(self) -> int | None:
        """The version the person opened (None for a new record)."""
        return self.cleaned_data.get("version") if self.edits_saved_record else None

    def clean(self):
        cleaned = super().clean()
        if self.edits_saved_record and cleaned.get("version") is None:
            raise ValidationError(FORM_INCOMPLETE, code="no_version")
        return cleaned

    def form_for_saved(self, current):
        """The same form, unbound, for the record as it is saved now."""
        return type(self)(**{**self._versioned_kwargs, self.instance_kwarg: current})

    def refuse(self, stale: StaleEdit) -> None:
        """Someone else saved first: keep what was typed, show theirs against it, and base the form on theirs."""
        current = stale.current
        if current is None:
            self.conflict = Conflict(deleted=True)
            return
        by, at = last_saved_by(current)
        self.conflict = Conflict(rows=self.differences(current), saved_by=by, saved_at=at)
        data = self.data.copy()
        data[self.add_prefix("version")] = str(current.version)
        self.data = data

    def differences(self, current) -> list[dict]:
        """Field by field where the saved record and what this person typed differ, as the person reads them."""
        saved = self.form_for_saved(current)
        rows = []
        for name, form_field in self.fields.items():
            if name == "version" or form_field.widget.is_hidden or isinstance(form_field, forms.FileField):
                continue
            if name not in saved.fields:
                continue
            theirs = shown(form_field, saved[name].initial)
            yours = shown(form_field, self[name].data)
            if theirs != yours:
                rows.append({"name": name, "label": form_field.label or name, "theirs": theirs, "yours": yours})
        return rows


def last_saved_by(record) -> tuple[str, datetime | None]:
    """Who saved the record last and when: from its history where it has one, else its updated_by/updated_at."""
    history = getattr(record, "history", None)
    if history is not None:
        latest = history.select_related("history_user").order_by("-history_date", "-history_id").first()
        if latest is not None:
            user = latest.history_user
            return (user.get_full_name() if user else ""), latest.history_date
    user = getattr(record, "updated_by", None)
    return (user.get_full_name() if user else ""), getattr(record, "updated_at", None)


# --- Values as the person reads them -----------------------------------------------------------------------


def _python(form_field, value):
    try:
        return form_field.clean(value)
    except ValidationError:
        return value


def _flat_choices(form_field) -> dict:
    labels = {}
    for key, label in getattr(form_field, "choices", ()):
        if isinstance(label, (list, tuple)):
            labels.update({str(k): v for k, v in label})
        else:
            labels[str(key)] = label
    return labels


def shown(form_field, value) -> str:
    """A form value (saved or typed) as text: choices by their label, dates and numbers the Swedish way."""
    value = _python(form_field, value)
    if value is None or value == "" or (isinstance(value, (list, tuple)) and not value):
        return "–"
    if hasattr(value, "all") and callable(value.all):
        value = list(value.all())
    if isinstance(value, (list, tuple, set)):
        labels = _flat_choices(form_field) if not hasattr(form_field, "queryset") else {}
        texts = sorted(str(labels.get(str(v), v)) for v in value)
        return ", ".join(texts) or "–"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if getattr(form_field, "choices", None) is not None and not hasattr(form_field, "queryset"):
        return str(_flat_choices(form_field).get(str(value), value))
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "j F Y H.i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, time):
        return formats.time_format(value, "H.i")
    if isinstance(value, Decimal):
        places = getattr(form_field, "decimal_places", None)
        if places is not None and value.is_finite():
            value = value.quantize(Decimal(1).scaleb(-places))
        return str(formats.localize(value))
    if isinstance(value, (int, float)):
        return str(formats.localize(value))
    return str(value)


# --- The admin ---------------------------------------------------------------------------------------------


class VersionedAdminMixin:
    """Put first in the bases of every ModelAdmin that edits a Versioned record, itself or in an inline.

    A save in /admin/ moves the version on like any other, so a portal form opened before the administrator's
    change is refused with the diff instead of silently overwriting it. (The admin's own form carries no version:
    two administrators on one record are the admin's concern, as before.) Django's change view runs in a
    transaction, which the claim and the save share. tests/test_locking.py checks every admin that needs it has it.
    """

    def save_model(self, request, obj, form, change):
        if change and isinstance(obj, Versioned):
            claim_version(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.initial_forms:
            record = inline_form.instance
            if (isinstance(record, Versioned) and record.pk and inline_form.has_changed()
                    and not formset._should_delete_form(inline_form)):
                claim_version(record)
        super().save_formset(request, form, formset, change)
