"""Password reset: an address with no account gets an email that says so in Swedish and explains that accounts
come by invitation (sign-up is closed, accounts.adapters), never a link to a sign-up page."""

from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory


def test_an_unknown_address_is_told_accounts_come_by_invitation_with_no_sign_up_link(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "okand@kommun.example.se"})

    assert response.status_code == 302  # the same answer as for a known address: nothing about who has an account
    (message,) = mail.outbox
    assert message.to == ["okand@kommun.example.se"]
    assert message.subject.endswith("Inget konto för den här adressen i GR Portal")
    body = message.body
    assert "okand@kommun.example.se" in body
    assert "Det finns inget konto för den här adressen." in body
    assert "konton skapas genom en inbjudan från en samordnare på GR (Göteborgsregionen)" in body
    assert reverse("account_signup") not in body and "http" not in body
    assert "sign up" not in body.lower() and "registrera" not in body.lower()
    assert not message.alternatives  # plain text only


def test_a_known_address_still_gets_its_reset_link(client, db):
    user = UserFactory(email="sara@gr.example.se")

    client.post(reverse("account_reset_password"), {"email": "sara@gr.example.se"})

    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "/konto/password/reset/key/" in message.body
    assert "Inget konto" not in message.subject
