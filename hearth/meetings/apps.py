from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "hearth.meetings"
    label = "meetings"
    verbose_name = "Unit meetings"

    def ready(self):
        from hearth.core import extensions

        from . import selectors

        extensions.WORK_ITEMS.register(selectors.action_work_items)
        extensions.CHILD_RECORD.register(selectors.hypotheses_section)
        extensions.UNIT_PAGE.register(selectors.unit_meeting_section)
        extensions.register_source_page("meetings.discussion", "meetings:discussion")
        extensions.register_source_page("meetings.action", "meetings:action")
