"""Swedish organisation numbers (NNNNNN-NNNN with a Luhn check digit) and the seeded organisations."""

import gettext
import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from accounts.models import Organisation
from accounts.validators import luhn_ok, normalise_org_number, validate_org_number

seed_migration = importlib.import_module("accounts.migrations.0002_seed_organisations")


@pytest.fixture
def compiled_catalogs(settings):
    """Compile stale .mo files (as `make test` does) and make this process read them afresh."""
    call_command("compiletranslations", stdout=io.StringIO())
    gettext._translations.clear()
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # setting_changed empties Django's catalog cache


@pytest.mark.parametrize("number", [
    "212000-1355",  # Göteborgs kommun
    "202100-5208",  # Vinnova
    "556036-0793",  # a company
])
def test_a_real_organisation_number_passes(number):
    assert normalise_org_number(number) == number
    validate_org_number(number)


def test_the_number_is_stored_with_its_hyphen():
    assert normalise_org_number(" 2120001355 ") == "212000-1355"


@pytest.mark.parametrize("number", ["212000-1356", "212000-1350", "2120001354"])
def test_a_wrong_check_digit_fails(number):
    with pytest.raises(ValidationError) as raised:
        validate_org_number(number)
    assert raised.value.code == "org_number_checksum"


def test_swapped_neighbouring_digits_are_caught():
    assert luhn_ok("2120001355")
    assert not luhn_ok("2120003155")


@pytest.mark.parametrize("number", ["", "212000-135", "212000_1355", "21200-01355", "AB2000-1355", "19212000-1355"])
def test_anything_but_ten_digits_fails_with_the_format_message(number):
    with pytest.raises(ValidationError) as raised:
        normalise_org_number(number)
    assert raised.value.code == "org_number_format"


def test_the_check_digit_message_tells_the_person_what_to_do_in_swedish(compiled_catalogs):
    with pytest.raises(ValidationError) as raised:
        validate_org_number("212000-1356")
    with translation.override("sv"):
        assert raised.value.messages == [
            "Kontrollsiffran i organisationsnumret stämmer inte. Kontrollera att du har skrivit rätt."
        ]
    with translation.override("en"):
        assert raised.value.messages == [
            "The organisation number's check digit does not match. Check the number for typos."
        ]


def test_an_organisation_with_a_wrong_number_does_not_validate(db):
    organisation = Organisation(name="Föreningen Test", kind=Organisation.Kind.CIVIL_SOCIETY, org_number="802000-0001")
    with pytest.raises(ValidationError) as raised:
        organisation.full_clean()
    assert list(raised.value.error_dict) == ["org_number"]  # once, next to the field, not again on top
    assert [error.code for error in raised.value.error_dict["org_number"]] == ["org_number_checksum"]


def test_an_organisation_number_typed_without_hyphen_is_saved_with_it(db):
    organisation = Organisation(name="Göteborgs Stad", kind=Organisation.Kind.MUNICIPALITY, org_number="2120001355")
    organisation.full_clean()
    assert organisation.org_number == "212000-1355"


def test_the_organisation_number_is_optional(db):
    Organisation(name="Nätverket", kind=Organisation.Kind.CIVIL_SOCIETY).full_clean()


# --- The data migration -------------------------------------------------------------------

GR_MUNICIPALITIES = {
    "Ale": "1440", "Alingsås": "1489", "Göteborg": "1480", "Härryda": "1401", "Kungsbacka": "1384",
    "Kungälv": "1482", "Lerum": "1441", "Lilla Edet": "1462", "Mölndal": "1481", "Partille": "1402",
    "Stenungsund": "1415", "Tjörn": "1419", "Öckerö": "1407",
}


def test_the_migration_creates_the_13_gr_municipalities_with_their_scb_codes(db):
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    assert dict(municipalities.values_list("name", "municipality_code")) == GR_MUNICIPALITIES


def test_the_migration_creates_the_three_funders_and_gr(db):
    funders = Organisation.objects.filter(kind=Organisation.Kind.FUNDER).values_list("name", flat=True)
    assert sorted(funders) == ["Länsstyrelsen Västra Götaland", "Svenska ESF-rådet", "Vinnova"]
    assert Organisation.objects.get(name="Göteborgsregionen").kind == Organisation.Kind.REGION


def test_running_the_seed_again_adds_nothing(db):
    before = Organisation.objects.count()
    seed_migration.seed(apps, None)
    assert Organisation.objects.count() == before


def test_two_organisations_cannot_share_a_municipality_code(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Ale igen", kind=Organisation.Kind.MUNICIPALITY, municipality_code="1440")
