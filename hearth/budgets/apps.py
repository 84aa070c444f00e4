from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "hearth.budgets"
    label = "budgets"
    verbose_name = "Devolved budgets"

    def ready(self):
        from hearth.core import extensions

        from . import providers

        extensions.WORK_ITEMS.register(providers.spends_to_approve)
        extensions.CHILD_RECORD.register(providers.child_spends)
        extensions.UNIT_PAGE.register(providers.unit_budget_link)
        extensions.register_source_page("budgets.spend", "budgets:spend")
