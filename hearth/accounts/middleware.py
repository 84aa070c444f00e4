"""When two-factor is required, a signed-in person must verify a code before anything else."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

EXEMPT_URL_NAMES = (
    "accounts:two-factor-setup",
    "accounts:two-factor-verify",
    "accounts:sign-out",
    "accounts:signed-out",
    "accounts:timed-out",
    "core:healthz",
    "core:readyz",
    "core:accessibility",
    "core:privacy",
    "core:cookies",
)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt: set[str] | None = None

    def exempt_paths(self) -> set[str]:
        if self._exempt is None:
            self._exempt = {reverse(name) for name in EXEMPT_URL_NAMES}
        return self._exempt

    def __call__(self, request):
        user = request.user
        if (
            settings.HEARTH_REQUIRE_2FA
            and user.is_authenticated
            and not user.is_verified()
            and request.path not in self.exempt_paths()
            and not request.path.startswith(settings.STATIC_URL)
        ):
            target = "accounts:two-factor-verify"
            if not user.totpdevice_set.filter(confirmed=True).exists():
                target = "accounts:two-factor-setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
