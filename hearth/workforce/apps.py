from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "hearth.workforce"
    label = "workforce"
    verbose_name = "Workforce retention and recruitment"

    def ready(self):
        from hearth.core import extensions

        from .selectors import pulse_work_items

        extensions.WORK_ITEMS.register(pulse_work_items)
