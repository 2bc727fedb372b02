import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_user

PASSWORD = "a long and good passphrase"


@pytest.fixture
def staff(db):
    return make_user(username="ayse", password=PASSWORD, is_staff=True)


def _login(client, password, *, ip="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": "ayse", "password": password},
        REMOTE_ADDR=ip,
    )


def test_five_wrong_passwords_lock_the_account_out_from_that_address(client, staff):
    for _ in range(4):
        assert _login(client, "guess").status_code == 200

    locked = _login(client, "guess")
    right_password = _login(client, PASSWORD)

    assert locked.status_code == 429
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_reach_the_same_user_elsewhere(client, staff):
    for _ in range(5):
        _login(client, "guess", ip="203.0.113.7")

    response = _login(client, PASSWORD, ip="198.51.100.20")

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk


def test_lockout_page_says_why_and_for_how_long(client, staff):
    for _ in range(5):
        _login(client, "guess")

    response = _login(client, PASSWORD)

    # The admin lives outside the /en/ prefix, so it speaks Turkish.
    html = response.content.decode()
    assert "Çok fazla başarısız giriş denemesi" in html
    assert "15 dakika sonra yeniden deneyin" in html


def test_successful_login_clears_earlier_failures(client, staff):
    for _ in range(4):
        _login(client, "guess")
    assert _login(client, PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        assert _login(client, "guess").status_code == 200


@pytest.mark.parametrize(
    "password",
    ["short-pass1", "password1234", "84729163502817", "ayse.example.org"],
    ids=["under-12", "common", "all-digits", "like-the-e-mail"],
)
@pytest.mark.django_db
def test_weak_passwords_are_refused(password):
    user = make_user(username="ayse", email="ayse@example.org")

    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_admin_refuses_a_weak_password_for_a_new_account(client, db):
    client.force_login(make_user(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "password1234",
            "password2": "password1234",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["password2"]
    assert [error.code for error in errors] == ["password_too_common"]


def test_sign_in_without_a_request_still_works(client, staff):
    assert client.login(username="ayse", password=PASSWORD)


def test_behind_a_proxy_the_lockout_follows_the_real_client(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def attempt(forwarded_for, password="guess"):
        return client.post(
            reverse("admin:login"),
            {"username": "ayse", "password": password},
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    # The attacker varies the part of the header they control: no escape.
    for n in range(5):
        attempt(f"198.51.100.{n}, 203.0.113.7")
    locked = attempt("192.0.2.1, 203.0.113.7", password=PASSWORD)
    colleague = attempt("198.51.100.20", password=PASSWORD)

    assert locked.status_code == 429
    assert colleague.status_code == 302


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, staff):
    for n in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "ayse", "password": "guess"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )

    response = _login(client, PASSWORD)

    assert response.status_code == 429
