"""Nothing of supervision is in the Django admin.

The admin is for system administrators, and administration grants no access to supervision records
(docs/adr/0003): the private reflective part in particular is read only by supervisor and supervisee.
"""
