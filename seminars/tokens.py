"""Signed links for people without an account: cancel a registration, give feedback."""

from django.core import signing

CANCEL_SALT = "seminars.registration.cancel"
FEEDBACK_SALT = "seminars.registration.feedback"


def make_token(registration, salt: str) -> str:
    return signing.dumps(registration.pk, salt=salt, compress=True)


def read_token(token: str, salt: str) -> int | None:
    try:
        value = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
