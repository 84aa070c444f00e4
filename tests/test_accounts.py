"""Sign-in, lockout, two-factor, session expiry and password reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.core.models import AuditLog

from .factories import TEST_PASSWORD


def sign_in(client, email, password=TEST_PASSWORD, **extra):
    return client.post(reverse("accounts:sign-in"), {"username": email, "password": password, **extra})


def test_sign_in_with_email_and_password(org, client):
    response = sign_in(client, org["social-worker"].email.upper())
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_wrong_password_shows_an_error_summary(org, client):
    response = sign_in(client, org["social-worker"].email, "not the password")
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter a correct email address and password" in body


def test_empty_form_says_what_is_missing(db, client):
    body = client.post(reverse("accounts:sign-in"), {}).content.decode()
    assert "Enter your email address" in body
    assert "Enter your password" in body


def test_next_is_followed_only_within_hearth(org, client):
    response = sign_in(client, org["social-worker"].email, next="https://evil.example/")
    assert response["Location"] == reverse("core:home")


def test_lockout_after_repeated_failures(org, client, settings):
    email = org["social-worker"].email
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, email, "wrong")
    response = sign_in(client, email)  # even the right password is refused now
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_post_and_ends_the_session(org, client):
    client.force_login(org["social-worker"])
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"))
    assert response["Location"] == reverse("accounts:signed-out")
    assert client.get(reverse("core:home")).status_code == 302


def test_session_is_idle_limited(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    from hearth import settings as configured

    assert configured.SESSION_TOUCH_SECONDS == 60 < settings.SESSION_WARNING_MINUTES * 60


def test_activity_renews_the_session_at_most_once_a_minute(org, client, settings, monkeypatch):
    import time as time_module

    from django.contrib.sessions.models import Session

    settings.SESSION_TOUCH_SECONDS = 60
    now = [1_000_000.0]
    monkeypatch.setattr(time_module, "time", lambda: now[0])
    client.force_login(org["social-worker"])
    client.get(reverse("core:home"))
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    now[0] += 30  # within the minute: no write
    client.get(reverse("core:home"))
    assert Session.objects.get(session_key=key).expire_date == first
    now[0] += 31  # past the minute: renewed
    client.get(reverse("core:home"))
    assert Session.objects.get(session_key=key).expire_date > first


def test_an_idle_session_expires(org, client):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(org["social-worker"])
    client.get(reverse("core:home"))
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=timezone.now())
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_timeout_warning_data_is_on_signed_in_pages(org, client, settings):
    client.force_login(org["social-worker"])
    body = client.get(reverse("core:home")).content.decode()
    earliest_end = settings.SESSION_IDLE_MINUTES * 60 - settings.SESSION_TOUCH_SECONDS
    assert f'data-session-timeout-seconds="{earliest_end}"' in body
    assert reverse("accounts:session-extend") in body


def test_timed_out_page_signs_out(org, client):
    client.force_login(org["social-worker"])
    client.get(reverse("accounts:timed-out"))
    assert "_auth_user_id" not in client.session


class TestTwoFactor:
    @pytest.fixture(autouse=True)
    def require_2fa(self, settings):
        settings.HEARTH_REQUIRE_2FA = True

    def test_first_sign_in_must_set_up_an_app_before_anything_else(self, org, client):
        response = sign_in(client, org["social-worker"].email)
        home = client.get(reverse("core:home"))
        assert home.status_code == 302
        assert home["Location"].startswith(reverse("accounts:two-factor-setup"))
        assert response.status_code == 302

    def test_setting_up_with_a_valid_code_unlocks_hearth(self, org, client):
        sign_in(client, org["social-worker"].email)
        page = client.get(reverse("accounts:two-factor-setup"))
        assert "<svg" in page.content.decode()
        device = TOTPDevice.objects.get(user=org["social-worker"])
        response = client.post(
            reverse("accounts:two-factor-setup"), {"otp_token": f"{totp(device.bin_key):06d}"}
        )
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(reverse("core:home")).status_code == 200
        assert AuditLog.objects.filter(action="two_factor.set_up", actor=org["social-worker"]).exists()

    def test_a_wrong_code_is_refused_with_a_message(self, org, client):
        device = TOTPDevice.objects.create(user=org["social-worker"], name="app", confirmed=True)
        sign_in(client, org["social-worker"].email)
        wrong = f"{(totp(device.bin_key) + 500_000) % 1_000_000:06d}"
        response = client.post(reverse("accounts:two-factor-verify"), {"otp_token": wrong})
        assert response.status_code == 200
        assert "The code is not correct" in response.content.decode()
        assert client.get(reverse("core:home")).status_code == 302
        assert AuditLog.objects.filter(action="two_factor.failed").exists()

    def test_letters_are_refused(self, org, client):
        TOTPDevice.objects.create(user=org["social-worker"], name="app", confirmed=True)
        sign_in(client, org["social-worker"].email)
        response = client.post(reverse("accounts:two-factor-verify"), {"otp_token": "abcdef"})
        assert "The code must be 6 numbers" in response.content.decode()

    def test_a_valid_code_signs_in(self, org, client):
        device = TOTPDevice.objects.create(user=org["social-worker"], name="app", confirmed=True)
        sign_in(client, org["social-worker"].email)
        client.post(reverse("accounts:two-factor-verify"), {"otp_token": f"{totp(device.bin_key):06d}"})
        assert client.get(reverse("core:home")).status_code == 200


def test_password_reset_sends_a_link_that_works_once(org, client):
    worker = org["social-worker"]
    client.post(reverse("accounts:password-reset"), {"email": worker.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/password-reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a much longer new password 2026"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.check_password(new_password)
    assert "This link has expired" in client.get(link, follow=True).content.decode()


def test_password_reset_for_an_unknown_address_says_the_same(db, client):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@test.hearth.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0
