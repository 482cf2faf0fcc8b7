from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = "Metrics"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from metrics import receivers  # noqa: F401  (changes queue their recompute)
        from metrics.background import runner
        from metrics.caching import bump

        # Any change to the programme's data starts a new page-cache generation.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump, dispatch_uid=f"page-cache-{signal}")
        # The embedded mode's recompute waits for this process's requests to finish.
        request_started.connect(runner.request_started, dispatch_uid="metrics-runner")
        request_finished.connect(runner.request_finished, dispatch_uid="metrics-runner")
