"""Formatting for the page templates: numbers as people read them, nothing more."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Page
from django.utils.html import format_html

register = template.Library()


@register.filter
def elided_pages(page: Page) -> list[int | str]:
    """Page numbers around the current one, with an ellipsis where some are left out."""
    return list(
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )


@register.filter
def pounds(amount: Decimal | int | float | None) -> str:
    """£1,234 for whole pounds, £1,234.50 otherwise; a dash for no amount."""
    if amount is None or amount == "":
        return "–"
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"£{intcomma(int(amount))}"
    return f"£{intcomma(f'{amount:.2f}')}"


@register.filter
def percent(fraction: float | Decimal | None, places: int = 1) -> str:
    """A fraction as a percentage: 0.0419 -> 4.2%."""
    if fraction is None:
        return "–"
    return f"{float(fraction) * 100:.{int(places)}f}%"


@register.filter
def change(value: float | None, kind: str = "count") -> str:
    """A change since an earlier day, as people say it: "up 3", "down 5 points"."""
    if value is None:
        return "no earlier figure"
    amount = value * 100 if kind == "percent" else value
    if round(amount) == 0:
        return "no change"
    direction = "up" if amount > 0 else "down"
    unit = " points" if kind == "percent" else ""
    return f"{direction} {abs(amount):,.0f}{unit}"


@register.filter
def figure(value: float | None, kind: str = "count") -> str:
    """A headline figure: a count, a percentage or pounds; a dash when there is none."""
    if value is None:
        return "–"
    if kind == "percent":
        return f"{value:.0%}"
    if kind == "pounds":
        return f"£{value:,.0f}"
    return f"{value:,.0f}"


@register.simple_tag
def datum(name: str, value: object, shown: object, *, scope: str = "") -> str:
    """A figure as people read it, in a `<data>` element that also holds its exact
    value: the same figure on two pages can then be compared by its name, and by its
    scope where a page shows it for several ("portfolio:<slug>", "council:<slug>")."""
    exact = "" if value is None or value == "" else str(value)
    where = format_html(' data-scope="{}"', scope) if scope else ""
    return format_html(
        '<data class="hb-datum" data-figure="{}"{} value="{}">{}</data>',
        name,
        where,
        exact,
        shown,
    )
