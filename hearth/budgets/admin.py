# Budgets are managed on Hearth's own pages (with audit), not in the Django admin.
