"""Sign-in, failed sign-in and sign-out go into the audit log (design.md §6)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditLog


@receiver(user_logged_in, dispatch_uid="hearth_audit_sign_in")
def audit_sign_in(sender, request, user, **kwargs):
    AuditLog.record(actor=user, action="sign_in", obj=user, request=request)


@receiver(user_logged_out, dispatch_uid="hearth_audit_sign_out")
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        AuditLog.record(actor=user, action="sign_out", obj=user, request=request)


@receiver(user_login_failed, dispatch_uid="hearth_audit_sign_in_failed")
def audit_sign_in_failed(sender, credentials, request=None, **kwargs):
    # Only the address tried is kept (never the password): it is staff data, not a child's.
    username = str(credentials.get("username") or credentials.get("email") or "")[:120]
    AuditLog.record(actor=None, action="sign_in_failed", request=request, detail=f"email tried: {username}")
