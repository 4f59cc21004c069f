"""Email tests (grportal/tests/test_email_outbox.py in-process, test_email_worker.py through a real worker): a mail
server to talk to, a port where none answers, and the two forms whose success sends an email."""

import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller

# A seminar's public registration form (seminars:public) and a project's invitation form (projects:invite).
FORM = {"name": "Ada Andersson", "email": "ada@example.se", "organisation": "Ale kommun", "sector": "public",
        "accessibility_needs": "", "gender": "", "website": ""}
INVITE = {"email": "ny.person@ale.se", "full_name": "Ny Person", "role": "reference", "organisation": ""}


def closed_port() -> int:
    """A port on the loopback address where nothing listens (taken from the OS, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """A real SMTP server (aiosmtpd) on the loopback address that keeps what it receives: the handler of an
    aiosmtpd Controller."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 OK"

    def recipients(self) -> list[str]:
        return [address for envelope in self.received for address in envelope.rcpt_tos]


@contextmanager
def listening_inbox(port: int | None = None):
    """An Inbox answering on `port` of the loopback address (a free one when None, as `inbox.port`) while the
    block runs."""
    inbox = Inbox()
    inbox.port = closed_port() if port is None else port
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
