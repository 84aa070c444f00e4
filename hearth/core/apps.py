from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hearth.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from . import lookups, signals  # noqa: F401  (signals: sign-in events into the audit log)

        lookups.register()
