from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "hearth.supervision"
    label = "supervision"
    verbose_name = "Supervision and senior practice"

    def ready(self):
        from hearth.core import extensions

        from . import providers

        extensions.WORK_ITEMS.register(providers.overdue_supervision)
        extensions.CHILD_RECORD.register(providers.supervision_decisions)
        extensions.UNIT_PAGE.register(providers.senior_direct_work)
        extensions.register_source_page("supervision.casediscussion", "supervision:decision")
