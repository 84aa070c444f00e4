"""Named permissions of the organisation app."""

from enum import StrEnum

import rules

from hearth.core.permissions import is_signed_in, is_system_administrator


class Perm(StrEnum):
    VIEW_ORGANISATION = "organisation.view_organisation"
    MANAGE_ORGANISATION = "organisation.manage_organisation"
    MANAGE_STAFF = "organisation.manage_staff"


# The shape of the organisation (units, who is in them, who manages them) is open to all staff:
# it names no child. Changing it is for system administrators.
rules.add_perm(Perm.VIEW_ORGANISATION, is_signed_in)
rules.add_perm(Perm.MANAGE_ORGANISATION, is_system_administrator)
rules.add_perm(Perm.MANAGE_STAFF, is_system_administrator)
