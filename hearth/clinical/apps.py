from django.apps import AppConfig


class ClinicalConfig(AppConfig):
    name = "hearth.clinical"
    label = "clinical"
    verbose_name = "Clinical consultation and referral"

    def ready(self):
        from hearth.core import extensions

        from . import selectors

        extensions.WORK_ITEMS.register(selectors.queue_work_items)
        extensions.CHILD_RECORD.register(selectors.child_section)
        extensions.register_source_page("clinical.clinicalrequest", "clinical:request")
