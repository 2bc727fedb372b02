"""Response headers and admin media that the Content-Security-Policy needs."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from js_asset import Media

# TipTap injects these base rules as an inline <style>, which the policy
# refuses; the same rules come from a stylesheet instead.
EDITOR_BASE_CSS = "admin/css/prose-editor-base.css"


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
