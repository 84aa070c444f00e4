"""People who sign in to Hearth. Email is the username."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin, _user_has_perm
from django.db import connections, models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hearth.core.roles import AUTHORITY_WIDE_CASE_ROLES, OrgRole


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("org_role", OrgRole.SYSTEM_ADMINISTRATOR)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    org_role = models.CharField(
        "organisation role",
        max_length=32,
        choices=OrgRole.choices,
        blank=True,
        help_text="A post above or beside the units. Practitioners in units have none.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin site.")
    date_joined = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def has_perm(self, perm, obj=None) -> bool:
        """As Django's, but with no shortcut for superusers.

        Administration of accounts grants no access to case data (design.md §6): every permission,
        for everyone, comes from the named rules.
        """
        return self.is_active and _user_has_perm(self, perm, obj)

    # --- reach -----------------------------------------------------------------------------
    # Cached per request (the user object is built once per request by the auth middleware).

    def has_org_role(self, *roles: str) -> bool:
        return self.is_authenticated and self.org_role in roles

    @property
    def is_system_administrator(self) -> bool:
        return self.has_org_role(OrgRole.SYSTEM_ADMINISTRATOR)

    @property
    def has_authority_wide_case_access(self) -> bool:
        return self.has_org_role(*AUTHORITY_WIDE_CASE_ROLES)

    @cached_property
    def _units_in_reach(self) -> tuple[dict[int, str], frozenset[int]]:
        """({unit: the person's role in it} for current memberships, units they line-manage), in one query.

        Line management is direct (team manager), or as the service area's service manager or head of
        service. Models are reached through reverse relations so accounts imports nothing above it.
        """
        if not self.pk:
            return {}, frozenset()
        # Plain SQL: this runs on every signed-in request, and building the same query with the ORM
        # (an Exists, a Subquery and three joins) cost several times more than running it.
        unit = self.managed_units.model
        area = unit._meta.get_field("service_area").related_model
        membership = self.memberships.model
        today = timezone.localdate()
        sql = (
            f"SELECT u.id, m.id IS NOT NULL, m.role, "  # noqa: S608 - table names from _meta; values bound
            f"(u.manager_id = %s OR a.service_manager_id = %s OR a.head_of_service_id = %s) "
            f"FROM {unit._meta.db_table} u "
            f"INNER JOIN {area._meta.db_table} a ON a.id = u.service_area_id "
            f"LEFT OUTER JOIN {membership._meta.db_table} m ON m.unit_id = u.id AND m.user_id = %s "
            f"AND m.started_on <= %s AND (m.ended_on IS NULL OR m.ended_on > %s) "
            f"WHERE m.id IS NOT NULL OR u.manager_id = %s OR a.service_manager_id = %s "
            f"OR a.head_of_service_id = %s"
        )
        me = self.pk
        with connections[unit.objects.db].cursor() as cursor:
            cursor.execute(sql, [me, me, me, me, today, today, me, me, me])
            rows = cursor.fetchall()
        roles, managed = {}, set()
        for pk, is_member, role, is_managed in rows:
            if is_member:
                roles[pk] = role
            if is_managed:
                managed.add(pk)
        return roles, frozenset(managed)

    @property
    def unit_roles(self) -> dict[int, str]:
        """The person's role in each unit they are a current member of."""
        return self._units_in_reach[0]

    @property
    def unit_ids(self) -> frozenset[int]:
        """Units the person is a current member of."""
        return frozenset(self._units_in_reach[0])

    @property
    def managed_unit_ids(self) -> frozenset[int]:
        """Units the person line-manages: directly, as service manager or as head of service."""
        return self._units_in_reach[1]

    @property
    def reach_unit_ids(self) -> frozenset[int]:
        """Units whose children this person may see (before restrictions)."""
        return self.unit_ids | self.managed_unit_ids
