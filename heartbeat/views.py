from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from heartbeat.forms import ModelFilterForm
from heartbeat.models import Phase


def lifecycle(request: HttpRequest) -> HttpResponse:
    """The Heartbeat model: each phase, what it expects, and the projects in it now."""
    form = ModelFilterForm(request.GET or None)
    portfolio = form.cleaned_data["portfolio"] if form.is_valid() else None
    in_scope = Q(projects__portfolio=portfolio) if portfolio else Q()
    phases = Phase.objects.prefetch_related("products", "criteria").annotate(
        project_count=Count("projects", filter=in_scope),
        red_count=Count("projects", filter=in_scope & Q(projects__rag_status="red")),
    )
    return render(
        request,
        "heartbeat/lifecycle.html",
        {"form": form, "phases": phases, "portfolio": portfolio},
    )
