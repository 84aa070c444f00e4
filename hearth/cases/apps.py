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
