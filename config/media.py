"""Serve uploaded media from the local disk when nothing in front does."""

from django.conf import settings
from django.views.static import serve

# Uploaded files are data, never a page: no scripts, no plugins, no framing.
MEDIA_POLICY = "default-src 'none'; img-src 'self'; style-src 'self'; sandbox"


def serve_media(request, path):
    # serve() joins with safe_join and answers 404 for anything outside
    # MEDIA_ROOT, "../" included, and never lists a directory.
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    if response.get("Content-Type") != "application/pdf":
        # Browsers refuse to show a PDF in a sandboxed document.
        response["Content-Security-Policy"] = MEDIA_POLICY
    response["Cache-Control"] = "public, max-age=86400"
    return response
