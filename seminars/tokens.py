"""Signed links for people without an account: cancel a registration, give feedback."""

from django.core import signing

CANCEL_SALT = "seminars.registration.cancel"
FEEDBACK_SALT = "seminars.registration.feedback"


def make_token(registration, salt: str) -> str:
    return signing.dumps(registration.pk, salt=salt, compress=True)


FEEDBACK_MAX_AGE = 60 * 24 * 3600  # a feedback link works for 60 days after it is sent


def read_token(token: str, salt: str, max_age: int | None = None) -> int | None:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
