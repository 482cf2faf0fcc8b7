"""Helpers of the outbox tests: a mail backend that fails, as an SMTP server that is
down would."""

from collections.abc import Sequence
from smtplib import SMTPConnectError

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise SMTPConnectError(421, "mail.example.org: service not available")


@pytest.fixture
def mail_down(settings: object) -> None:
    """Every send fails until the test sets the mailer back."""
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}


def mail_up(settings: object) -> None:
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
