"""Authentication by email and password. Permissions come only from the named rules, never from
Django's permission tables, so this backend grants none (and costs no queries)."""

from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False
