from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hearth.cases"
    label = "cases"
    verbose_name = "Casework"

    def ready(self):
        from hearth.people.signals import child_event

        from .services.chronology import record_child_event

        # A change of address or household (recorded in people) goes on the children's chronologies.
        child_event.connect(record_child_event, dispatch_uid="cases_chronology_child_event")

        # The details a looked-after child's SSDA903 return needs, linked from the child's record.
        from hearth.core import extensions

        from .selectors.looked_after import child_section

        extensions.CHILD_RECORD.register(child_section)
