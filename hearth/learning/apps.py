from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "hearth.learning"
    label = "learning"
    verbose_name = "Learning without blame"

    def ready(self):
        from hearth.core import extensions

        from . import selectors

        extensions.WORK_ITEMS.register(selectors.action_work_items)
