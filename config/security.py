"""Response headers and admin media that the Content-Security-Policy needs."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render
from js_asset import Media

# TipTap injects these base rules as an inline <style>, which the policy
# refuses; the same rules come from a stylesheet instead.
EDITOR_BASE_CSS = "admin/css/prose-editor-base.css"


class RejectNulMiddleware:
    """Answer 400 to a request whose address or query holds a NUL character.

    No address of the site contains one, and PostgreSQL refuses NUL in text,
    so a lookup made with it would otherwise fail deep in a view as a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Deny the page every powerful browser feature it never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class AdminMediaNonceMiddleware:
    """Give form media with an import map the request's CSP nonce.

    The article editor loads ES modules through an inline
    `<script type="importmap">`; browsers treat it as an inline script, so it
    runs only with the nonce that django-csp then adds to `script-src`. Every
    other script and stylesheet is a file from `'self'`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        context = response.context_data
        media = context.get("media") if isinstance(context, dict) else None
        nonce = getattr(request, "csp_nonce", None)
        if isinstance(media, Media) and nonce is not None:
            context["media"] = media.with_nonce(str(nonce)) + Media(
                css={"all": [EDITOR_BASE_CSS]}
            )
        return response


class LoginThrottleBackend(AxesStandaloneBackend):
    """Throttle sign-ins over the web; let request-less callers through.

    Without a request (a management command, `Client.login()` in tests) there
    is no address to throttle, so the check steps aside for ModelBackend
    instead of raising.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def axes_username(request, credentials=None) -> str:
    """Return the user name django-axes records for a failed sign-in.

    Cut to the 255 characters its column holds and without NUL characters,
    which PostgreSQL refuses: either would turn a wrong password into a 500.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get(settings.AXES_USERNAME_FORM_FIELD) or ""
    return str(username).replace("\x00", "")[:255]
