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
