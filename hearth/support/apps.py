from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "hearth.support"
    label = "support"
    verbose_name = "Practical help for families"

    def ready(self):
        from hearth.core import extensions

        from . import selectors

        extensions.WORK_ITEMS.register(selectors.queue_work_items)
        extensions.CHILD_RECORD.register(selectors.child_section)
        extensions.UNIT_PAGE.register(selectors.unit_section)
        extensions.register_source_page("support.practicalrequest", "support:request")
