from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "hearth.audits"
    label = "audits"
    verbose_name = "Quality assurance: collaborative case audits"

    def ready(self):
        from hearth.core import extensions

        from . import selectors

        extensions.WORK_ITEMS.register(selectors.work_items)
        extensions.CHILD_RECORD.register(selectors.child_section)
        extensions.UNIT_PAGE.register(selectors.unit_section)
        extensions.register_source_page("audits.caseaudit", "audits:audit")
