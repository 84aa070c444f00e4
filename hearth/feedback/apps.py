from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "hearth.feedback"
    label = "feedback"
    verbose_name = "Feedback and you said, we did"

    def ready(self):
        from hearth.core import extensions

        from . import selectors

        extensions.CHILD_RECORD.register(selectors.child_section)
        extensions.UNIT_PAGE.register(selectors.unit_section)
