"""Health checks, security headers and error pages."""

from django.urls import reverse


def test_healthz(client):
    assert client.get(reverse("core:healthz")).json() == {"status": "ok"}


def test_readyz_checks_the_database(db, client):
    assert client.get(reverse("core:readyz")).json()["database"] == "ok"


def test_security_headers_and_csp_without_unsafe_inline(db, client):
    response = client.get(reverse("accounts:sign-in"))
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]


def test_signed_in_pages_are_not_cached(org, client):
    client.force_login(org["social-worker"])
    assert "no-store" in client.get(reverse("core:home"))["Cache-Control"]


def test_404_page_is_in_the_design(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_every_script_tag_carries_the_nonce(db, client):
    response = client.get(reverse("accounts:sign-in"))
    body = response.content.decode()
    nonce = response.wsgi_request.csp_nonce
    assert body.count("<script") == body.count(f'nonce="{nonce}"')
    assert 'style="' not in body


def test_a_form_without_its_token_gets_a_plain_english_403(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/sign-in/", {"username": "a@b.c", "password": "x"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_notifications_are_private_and_marked_read_when_seen(org, client, django_assert_max_num_queries):
    from hearth.core.models import Notification

    manager, other = org["team-manager"], org["service-manager"]
    for i in range(30):
        Notification.objects.create(recipient=manager, message=f"Message {i}", url="/")
    theirs = Notification.objects.create(recipient=other, message="Not yours")
    client.force_login(manager)
    assert "30 new notifications" in client.get(reverse("core:home")).content.decode()
    with django_assert_max_num_queries(10):
        page = client.get(reverse("core:notifications"))
    body = page.content.decode()
    assert "Message 29" in body and "Not yours" not in body
    # The 25 shown are now read; the 5 on the next page and the other person's stay unread.
    assert Notification.objects.filter(recipient=manager, read_at__isnull=True).count() == 5
    theirs.refresh_from_db()
    assert theirs.read_at is None
