from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from councils.refusals import Refused, show_refusal
from outbox.forms import OutboxFilterForm, PreferencesForm
from outbox.models import Email
from outbox.permissions import can_read_outbox
from outbox.services import retry_email, set_preferences


def preferences(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own email settings: there is no one else's to open."""
    person = request.user
    form = PreferencesForm(person, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            set_preferences(person, receive=form.cleaned_data, by=person)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            saved = "Your email settings are saved."
            if form.required_kinds:
                # Said on every save, so a box that could not be unticked is
                # never silently ignored.
                saved += " Emails that ask you to act are always sent: " + "; ".join(
                    kind.label.lower() for kind in form.required_kinds
                )
                saved += "."
            messages.success(request, saved)
            return redirect("outbox:preferences")
    return render(request, "outbox/preferences.html", {"form": form})


def _staff_only(request: HttpRequest) -> None:
    if not can_read_outbox(request.user):
        raise PermissionDenied("The outbox is for Digital Office staff.")


def email_list(request: HttpRequest) -> HttpResponse:
    """Every email sent, newest first: to whom, when, and whether it failed."""
    _staff_only(request)
    form = OutboxFilterForm(request.GET or None)
    emails = Email.objects.select_related("recipient")
    if form.is_bound:
        form.is_valid()  # collects the errors to show; filter() uses the valid rest
        counted = form.filter(emails, by_status=False)
        emails = form.filter(emails)
    else:
        counted = emails
    counts = counted.status_counts()
    page = Paginator(emails, settings.HEARTBEAT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outbox/email_list.html",
        {
            "form": form,
            "page_obj": page,
            "counts": [
                (status, label, counts[status])
                for status, label in Email.Status.choices
            ],
        },
    )


def email_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One email as it was sent."""
    _staff_only(request)
    email = get_object_or_404(Email.objects.select_related("recipient"), pk=pk)
    return render(request, "outbox/email_detail.html", {"email": email})


@require_POST
def email_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    email = get_object_or_404(Email, pk=pk)
    try:
        retry_email(email, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        email.refresh_from_db()
        if email.is_sent:  # without a broker it is sent at once
            messages.success(request, f"The email to {email.address} is sent.")
        else:
            messages.success(
                request,
                f"The email to {email.address} is queued to send again. This page "
                "shows when it has gone.",
            )
    return redirect(email)
