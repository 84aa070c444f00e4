from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "hearth.insights"
    label = "insights"
    verbose_name = "Organisational health check"

    def ready(self):
        # Importing the indicator modules registers every indicator.
        from hearth.core import extensions

        from . import indicators  # noqa: F401

        extensions.NIGHTLY_JOBS.register(extensions.NightlyJob("health check figures", nightly_health_check))


def nightly_health_check() -> str:
    from .services import refresh

    snapshot = refresh()
    return f"as at {snapshot.as_of}, {snapshot.units} units in {snapshot.seconds:.1f} s"
