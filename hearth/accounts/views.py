"""Sign in, two-factor, sign out, session expiry and password reset."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hearth.core.permissions import public, signed_in

from . import services
from .forms import HearthPasswordResetForm, HearthSetPasswordForm, SignInForm, TokenForm


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


sign_in = public(SignInView.as_view())


@public
@require_POST
def sign_out(request):
    logout(request)
    return redirect("accounts:signed-out")


@public
def signed_out(request):
    return render(request, "accounts/signed_out.html")


@public
def timed_out(request):
    """Where the timeout warning sends people; ends the session if it is still open."""
    if request.user.is_authenticated:
        logout(request)
    return render(request, "accounts/timed_out.html")


@signed_in
@require_POST
def session_extend(request):
    """Called by the timeout warning's 'Stay signed in': the request itself renews the session."""
    return JsonResponse({"status": "ok", "expires_in_seconds": settings.SESSION_COOKIE_AGE})


@signed_in
def two_factor_setup(request):
    if services.confirmed_device_for(request.user) is not None:
        return redirect(f"{reverse('accounts:two-factor-verify')}?next={_next_url(request)}")
    device = services.pending_device_for(request.user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        services.confirm_device(request, device)
        messages.success(request, "Two-factor authentication is set up")
        return redirect(_next_url(request))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": services.qr_code_svg(device),
            "secret": services.secret_in_groups(device),
            "next": _next_url(request),
        },
    )


@signed_in
def two_factor_verify(request):
    device = services.confirmed_device_for(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:two-factor-setup')}?next={_next_url(request)}")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            services.verify_device(request, device)
            return redirect(_next_url(request))
        services.record_failed_code(request)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        form_class=HearthPasswordResetForm,
        success_url=reverse_lazy("accounts:password-reset-sent"),
    )
)
password_reset_sent = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=HearthSetPasswordForm,
        success_url=reverse_lazy("accounts:password-reset-complete"),
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)
