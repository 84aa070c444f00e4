"""Nothing of the workforce app is in the Django admin.

The admin is for system administrators, and they see no staff records, pulse answers or equality
information (design.md §6; docs/adr/0007-workforce-privacy-thresholds.md). Workforce records are kept
through the app's own pages, by the workforce lead.
"""
