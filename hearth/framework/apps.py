from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "hearth.framework"
    label = "framework"
    verbose_name = "Practice framework, practice model and co-designed purpose"

    def ready(self):
        from hearth.core import extensions

        from . import selectors, services

        extensions.RECORDING_PROMPTS.register(selectors.recording_prompts)
        extensions.RECORDING_PROMPTS_USED.register(services.record_prompts_used)
