"""Composing, sending and retrying email, and what a person chooses to receive.

Callers (the email services of the apps above) choose the people and the words;
`compose` stores one email per person and key, in the caller's transaction, and
queues its delivery on commit. `deliver` sends it at most once.
"""

import logging
from collections.abc import Mapping
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from councils.models import User
from councils.refusals import Refused
from outbox.kinds import REQUIRED, Kind, kinds_for
from outbox.models import Email, Preference

logger = logging.getLogger(__name__)

# The periodic retry gives up on an email after this many attempts: each queuing
# tries six times with a broker (the task retries with backoff), once in-process.
MAX_ATTEMPTS = 30
ALWAYS_SENT = "It asks you to act, so it is always sent."


def link(path: str) -> str:
    """An absolute link to a page of the portal, from the configured site address."""
    return f"{settings.HEARTBEAT_BASE_URL.rstrip('/')}{path}"


def wants(person: User, kind: str) -> bool:
    """Whether the person receives this kind of email: always when it asks them to
    act; otherwise unless they switched it off."""
    if kind in REQUIRED:
        return True
    return not Preference.objects.filter(user=person, kind=kind, enabled=False).exists()


def why(kind: str) -> str:
    """The footer's line: why the person got this email."""
    label = Kind(kind).label
    if kind in REQUIRED:
        return f"You get this email because it asks you to act (“{label}”)."
    return f"You get this email because your email settings include “{label}”."


def compose(
    to: User,
    *,
    kind: str,
    key: str,
    subject: str,
    template: str,
    context: Mapping[str, object],
) -> Email | None:
    """Queue one email to a person: the body is rendered from `<template>.txt` and
    `<template>.html` with `context` plus `person` (the recipient) and `site` (the
    site address). Returns None (and stores nothing) if the person has switched this
    kind off or has no address. At most one email per person and `key` ever: a
    second call with the same key sends nothing more and returns the first. Called
    inside the caller's transaction; delivery is a Celery task queued on commit."""
    kind = Kind(kind)
    existing = Email.objects.filter(recipient=to, key=key).first()
    if existing is not None:
        return existing
    if not to.is_active or not to.email or not wants(to, kind):
        return None
    full = {
        **context,
        "person": to,
        "site": link(""),
        "subject": subject,
        "why": why(kind),
        "preferences_url": link(reverse("outbox:preferences")),
    }
    email, created = Email.objects.get_or_create(
        recipient=to,
        key=key,
        defaults={
            "address": to.email,
            "kind": kind,
            "subject": subject[:200],
            "text_body": render_to_string(f"{template}.txt", full).strip() + "\n",
            "html_body": render_to_string(f"{template}.html", full),
        },
    )
    if created:
        queue_delivery(email)
    return email


def queue_delivery(email: Email) -> None:
    """Send the email once the transaction that stored it commits."""
    transaction.on_commit(partial(_queue, email.pk))


def _queue(email_id: int) -> None:
    # Imported here: the task module imports this one.
    from outbox.tasks import deliver_email

    try:
        deliver_email.delay(email_id)
    except Exception:
        # The broker is down (or, in-process, the send failed): the email stays in
        # the outbox, unsent, and the periodic retry sends it later.
        logger.exception("Email %s is not sent yet: the outbox keeps it", email_id)


def _message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.address],
    )
    message.attach_alternative(email.html_body, "text/html")
    return message


def deliver(email_id: int) -> bool:
    """Send the email if it has not been sent. Whether it went now.

    The row is locked while sending and marked sent in the same transaction, so two
    runs at once send it once. A failure is recorded (the attempt, the error, when)
    and raised again, so the task retries."""
    error: Exception | None = None
    with transaction.atomic():
        email = Email.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.is_sent:
            return False
        email.attempts += 1
        try:
            _message(email).send()
        except Exception as exc:
            error = exc
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            email.failed_at = timezone.now()
        else:
            email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "last_error", "failed_at", "sent_at"])
    if error is not None:
        raise error
    return True


def retry_failed() -> int:
    """Queue again every unsent email left alone for a few minutes since it was
    composed or last failed, up to MAX_ATTEMPTS. How many were queued."""
    ids = list(
        Email.objects.to_retry(max_attempts=MAX_ATTEMPTS)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    for email_id in ids:
        _queue(email_id)
    return len(ids)


def retry_email(email: Email, *, by: User) -> Email:
    """Staff send a failed or stuck email again. A sent one is never sent twice."""
    email.refresh_from_db()  # the page may be older than the last attempt
    if email.is_sent:
        raise Refused({None: "This email was sent: it is not sent again."})
    logger.info("Email %s queued again by %s", email.pk, by)
    queue_delivery(email)
    return email


def check_preferences(person: User, receive: Mapping[str, bool]) -> None:
    """Refuse a kind the person's role does not receive, or switching off one that
    asks for an action."""
    allowed = set(kinds_for(person))
    errors = {}
    for kind, on in receive.items():
        if kind not in allowed:
            errors[kind] = f"{person} does not receive this kind of email."
        elif kind in REQUIRED and not on:
            errors[kind] = f"{Kind(kind).label}: {ALWAYS_SENT}"
    if errors:
        raise Refused(errors)


@transaction.atomic
def set_preferences(
    person: User, *, receive: Mapping[str, bool], by: User
) -> dict[str, Preference]:
    """Record which kinds of email a person receives, of those their role gets: a
    person sets their own (staff may mend anyone's in the admin); the kinds that ask
    for an action stay on. Returns the preferences stored, by kind."""
    if by.pk != person.pk and not by.is_programme_staff:
        raise Refused({None: "Each person chooses their own email."})
    check_preferences(person, receive)
    return {
        kind: Preference.objects.update_or_create(
            user=person, kind=kind, defaults={"enabled": bool(on)}
        )[0]
        for kind, on in receive.items()
        if kind not in REQUIRED
    }
