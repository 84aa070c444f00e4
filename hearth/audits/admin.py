"""Case audits hold case data: like every casework model they are not in the Django admin, which is for
system administrators, who see no case data (design.md §6)."""
