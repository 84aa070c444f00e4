from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "hearth.returns"
    label = "returns"
    verbose_name = "Statutory returns and data quality"

    def ready(self):
        from hearth.core import extensions

        from . import rules, selectors, signals  # noqa: F401 - rules register themselves

        extensions.CHILD_RECORD.register(selectors.child_section)
        signals.connect_watched()
        extensions.NIGHTLY_JOBS.register(extensions.NightlyJob("data problems re-checked", nightly_problems))


def nightly_problems() -> str:
    from .services.problems import refresh_all

    counts = refresh_all()
    return ", ".join(f"{name}: {n} problems" for name, n in counts.items()) or "no returns"
