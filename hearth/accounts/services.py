"""Two-factor set-up and verification (TOTP through django-otp), each audited."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.core.models import AuditLog

DEVICE_NAME = "Authenticator app"


def confirmed_device_for(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device_for(user) -> TOTPDevice:
    """The unconfirmed device shown while someone sets up their app (one per person)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_device(request, device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    AuditLog.record(actor=device.user, action="two_factor.set_up", obj=device.user, request=request)


def verify_device(request, device: TOTPDevice) -> None:
    otp_login(request, device)
    AuditLog.record(actor=device.user, action="two_factor.verified", obj=device.user, request=request)


def record_failed_code(request) -> None:
    AuditLog.record(actor=request.user, action="two_factor.failed", obj=request.user, request=request)


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG image (made here: the secret never leaves the server)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def secret_in_groups(device: TOTPDevice) -> str:
    """The secret for typing into an app by hand, in groups of four letters."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
