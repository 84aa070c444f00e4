# Feedback is managed through its own pages, where reads and marks are audited; not in the Django admin.
