"""Every email Heartbeat sends, kept as sent, and what each person chose to receive."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from outbox.kinds import Kind

# An unsent email older than this, with no attempt since, is stuck: the periodic
# retry queues it again (the broker was down when it was composed, say).
STUCK_AFTER = dt.timedelta(minutes=5)


class EmailQuerySet(models.QuerySet):
    def queued(self) -> "EmailQuerySet":
        return self.filter(sent_at__isnull=True, failed_at__isnull=True)

    def sent(self) -> "EmailQuerySet":
        return self.filter(sent_at__isnull=False)

    def failed(self) -> "EmailQuerySet":
        """Not sent, and the last attempt failed."""
        return self.filter(sent_at__isnull=True, failed_at__isnull=False)

    def with_status(self, status: str) -> "EmailQuerySet":
        return {
            Email.Status.QUEUED: self.queued,
            Email.Status.SENT: self.sent,
            Email.Status.FAILED: self.failed,
        }[Email.Status(status)]()

    def to_retry(self, *, max_attempts: int) -> "EmailQuerySet":
        """Unsent, tried fewer than `max_attempts` times, and left alone for a while
        since it was composed or last failed."""
        before = timezone.now() - STUCK_AFTER
        return self.filter(sent_at__isnull=True, attempts__lt=max_attempts).filter(
            Q(failed_at__lt=before) | Q(failed_at__isnull=True, created_at__lt=before)
        )

    def status_counts(self) -> dict[str, int]:
        """How many are queued, sent and failed, in one query."""
        counts = self.aggregate(
            queued=Count("pk", filter=Q(sent_at__isnull=True, failed_at__isnull=True)),
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            failed=Count("pk", filter=Q(sent_at__isnull=True, failed_at__isnull=False)),
        )
        return {status: counts[status] or 0 for status in Email.Status.values}


class Email(models.Model):
    """One email to one person, as composed. Sent at most once: `deliver` locks the
    row and marks it sent in the transaction that sends it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="emails",
    )
    address = models.EmailField(help_text="The recipient's address when composed.")
    kind = models.CharField(max_length=30, choices=Kind)
    # Natural and stable (`pulse-due:12:2026-11-03`): the same event composed twice
    # for the same person finds the first email, so nothing goes twice.
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    text_body = models.TextField()
    html_body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    failed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last attempt failed."
    )

    objects = EmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="email_once_per_person_and_key"
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "failed_at"])]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.address})"

    def get_absolute_url(self) -> str:
        return reverse("outbox:email", args=[self.pk])

    @property
    def status(self) -> "Email.Status":
        if self.sent_at is not None:
            return self.Status.SENT
        if self.failed_at is not None:
            return self.Status.FAILED
        return self.Status.QUEUED

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def is_stuck(self) -> bool:
        """Queued, never tried (or not since), for longer than a send should take."""
        return (
            self.status == self.Status.QUEUED
            and self.created_at < timezone.now() - STUCK_AFTER
        )


class Preference(models.Model):
    """Whether a person receives a kind of email. No row means yes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    enabled = models.BooleanField("receive it", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="preference_once_per_person_and_kind"
            ),
        ]

    def __str__(self) -> str:
        state = "on" if self.enabled else "off"
        return f"{self.user}: {self.get_kind_display()} {state}"
