from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = "Metrics"

    def ready(self) -> None:
        # Changes anywhere in the programme queue a recompute of what they touch.
        from metrics import receivers  # noqa: F401
