# Children, adults, relationships and households are deliberately not in the Django admin.
#
# The admin is for system administrators, and administration of accounts and settings grants no access
# to case data (design.md §6): a child's record is read only through the children's pages, which check
# reach, restriction and permission and write an audit row for every view.
