from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "hearth.priorities"
    label = "priorities"
    verbose_name = "Need scores, intensity tiers, weighted caseloads and time"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from hearth.core import extensions

        from .selectors import needs, pages

        # Needs worked out once per request by the read-only providers (selectors.needs).
        request_started.connect(needs.start_request, dispatch_uid="priorities-needs-start")
        request_finished.connect(needs.end_request, dispatch_uid="priorities-needs-end")

        extensions.VISIT_INTERVALS.register(needs.visit_intervals)
        extensions.WORK_ITEMS.register(pages.visit_work_items)
        extensions.UNIT_PAGE.register(pages.unit_section)
        extensions.CHILD_RECORD.register(pages.child_section)
        extensions.NIGHTLY_JOBS.register(extensions.NightlyJob("visit nudges", nightly_nudges))


def nightly_nudges() -> str:
    from .services import nudge_overdue_visits

    made, sent = nudge_overdue_visits()
    return f"{made} notifications, {sent} emails"
