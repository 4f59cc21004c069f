"""Erase the seminar personal data whose retention time has run out, now (the beat task does it nightly)."""

from django.core.management.base import BaseCommand

from seminars.retention import retention_run


class Command(BaseCommand):
    help = ("Anonymise seminar registrations and erase needs and feedback comments past their retention time. "
            "Safe to run any number of times; `make run` runs it before serving, where there is no Celery beat.")

    def handle(self, *args, **options):
        result = retention_run()
        self.stdout.write(
            f"Retention: {result['anonymised']} registration(s) anonymised, dietary and accessibility needs erased "
            f"from {result['needs']}, {result['comments']} feedback comment(s) erased.")
