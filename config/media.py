"""Serve uploaded media from the local disk when nothing in front does."""

import errno

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views.static import serve

# Uploaded files are data, never a page: no scripts, no plugins, no framing.
MEDIA_POLICY = "default-src 'none'; img-src 'self'; style-src 'self'; sandbox"


def serve_media(request, path):
    # serve() never lists a directory and refuses, through safe_join, any path
    # leading outside MEDIA_ROOT; such probes get a quiet 404, not an error
    # report mailed to the admins.
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as exc:
        raise Http404(path) from exc
    except OSError as exc:
        # A name longer than the file system allows cannot name a stored file.
        if exc.errno != errno.ENAMETOOLONG:
            raise
        raise Http404(path) from exc
    response["X-Content-Type-Options"] = "nosniff"
    if response.get("Content-Type") != "application/pdf":
        # Browsers refuse to show a PDF in a sandboxed document.
        response["Content-Security-Policy"] = MEDIA_POLICY
    response["Cache-Control"] = "public, max-age=86400"
    return response
