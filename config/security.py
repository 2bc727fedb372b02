"""Response headers and admin media that the Content-Security-Policy needs."""

import base64
import hashlib
import ipaddress
import re
from functools import lru_cache

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from js_asset import Media

EDITOR_SCRIPT = "django_prose_editor/editor.js"
# The editor (TipTap) injects its base rules as inline <style> blocks, these
# template literals in its bundle.
_EDITOR_STYLE = re.compile(r"`(\.(?:ProseMirror|tiptap-[\w-]+) \{.*?)`", re.S)
_JS_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.S)


class ProxiedClientAddressMiddleware:
    """Behind TRUSTED_PROXY_COUNT proxies, put the client's address in REMOTE_ADDR.

    Each proxy appends the address it was reached from to X-Forwarded-For, so
    the entry that many places from the right is the last one a trusted proxy
    wrote; anything left of it the client may have forged. Comment limits and
    the login lockout read REMOTE_ADDR only, and so get the real client.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = settings.TRUSTED_PROXY_COUNT
        if count:
            hops = [
                hop.strip()
                for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if hop.strip()
            ]
            if len(hops) >= count:
                try:
                    address = ipaddress.ip_address(hops[-count])
                except ValueError:
                    pass
                else:
                    request.META["REMOTE_ADDR"] = str(address)
        return self.get_response(request)


class RejectNulMiddleware:
    """Answer 400 to a request whose address holds a NUL character.

    No address of the site contains one, and PostgreSQL refuses NUL in text,
    so a lookup made with it would otherwise fail deep in a view as a 500.
    Query strings are the views' to clean: search, for one, ignores NULs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return render(request, "400.html", status=400)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse with 413 a request body larger than MAX_REQUEST_BYTES.

    Django caps form fields but streams uploaded files to disk whatever their
    size; this refuses an oversized upload before a byte of it is read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                _("The upload is too large (%(limit)s MB at most).")
                % {"limit": settings.MAX_REQUEST_BYTES // (1024 * 1024)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
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
    """Let the article editor run under the policy, on its own pages only.

    The editor loads ES modules through an inline `<script type="importmap">`,
    which browsers treat as an inline script: form media that carry an import
    map get the request's nonce, and django-csp adds that nonce to
    `script-src`. The editor also injects two fixed `<style>` blocks; their
    SHA-256 hashes are added to `style-src` of the same responses. Public
    pages get neither.
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
            context["media"] = media.with_nonce(str(nonce))
            # Read by django-csp's middleware, as its @csp_update decorator sets it.
            response._csp_update = {"style-src": list(editor_style_hashes())}
        return response


@lru_cache(maxsize=1)
def editor_style_hashes() -> tuple[str, ...]:
    """Return the CSP hash sources of the `<style>` blocks the editor injects."""
    path = finders.find(EDITOR_SCRIPT)
    if not path:
        return ()
    with open(path, encoding="utf-8") as file:
        source = file.read()
    hashes = []
    for literal in _EDITOR_STYLE.findall(source):
        text = _JS_ESCAPE.sub(_unescape, literal)
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return tuple(dict.fromkeys(hashes))


def _unescape(match: re.Match) -> str:
    escape = match.group(1)
    if escape[0] in "xu" and len(escape) > 1:
        return chr(int(escape[1:], 16))
    return {"n": "\n", "t": "\t", "r": "\r"}.get(escape, escape)


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


def csrf_failure(request, reason=""):
    """Django's CSRF refusal as a page of the site, in the reader's language.

    Django has logged the refusal and its reason (django.security.csrf).
    """
    return render(request, "403_csrf.html", status=403)
