from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "hearth.priorities"
    label = "priorities"
    verbose_name = "Need scores, intensity tiers, weighted caseloads and time"

    def ready(self):
        from hearth.core import extensions

        from .selectors import needs, pages

        extensions.VISIT_INTERVALS.register(needs.visit_intervals)
        extensions.WORK_ITEMS.register(pages.visit_work_items)
        extensions.UNIT_PAGE.register(pages.unit_section)
        extensions.CHILD_RECORD.register(pages.child_section)
