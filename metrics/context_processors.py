from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from metrics.caching import generation


def page_cache(request: HttpRequest) -> dict[str, object]:
    """`cache_generation` for `{% cache %}` keys, read only where a page uses it."""
    return {"cache_generation": SimpleLazyObject(generation)}
