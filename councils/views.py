from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from councils.forms import CouncilDetailsForm, CouncilPartnershipForm
from councils.models import Council
from councils.permissions import can_edit_council, can_edit_partnership_terms


def council_edit(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=slug)
    if not can_edit_council(request.user, council):
        raise PermissionDenied("Only this council's leads and Digital Office staff.")
    form_class = (
        CouncilPartnershipForm
        if can_edit_partnership_terms(request.user)
        else CouncilDetailsForm
    )
    form = form_class(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{council.short_name}'s details are saved.")
        return redirect(council)
    return render(
        request, "councils/council_form.html", {"council": council, "form": form}
    )
