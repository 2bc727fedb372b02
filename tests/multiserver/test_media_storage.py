"""Media go to S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set.

Each case reads the settings afresh in a subprocess with its own
environment; building URLs (signed ones too) needs no network.
"""

import json
import os
import subprocess
import sys

from tests.multiserver.servers import ROOT

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({
    "backend": f"{type(storage).__module__}.{type(storage).__name__}",
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "region": getattr(storage, "region_name", None),
    "url": storage.url("images/2026/corridor.jpg"),
    "serve_media": settings.SERVE_MEDIA,
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""

S3 = {
    "AWS_STORAGE_BUCKET_NAME": "thinktank-media",
    "AWS_S3_ENDPOINT_URL": "https://objects.example.net",
    "AWS_S3_REGION_NAME": "eu-central-1",
    # Never looked up: these only sign URLs, locally.
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "example-secret-never-sent-anywhere",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def storage_with(**env) -> dict:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key != "DJANGO_SETTINGS_MODULE"
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "x",
                     "DEBUG": "0"} | env,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_media_stay_on_local_disk_without_a_bucket():
    storage = storage_with()

    assert (
        storage["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    )
    assert storage["url"] == "/media/images/2026/corridor.jpg"
    assert storage["serve_media"] is True


def test_bucket_selects_s3_storage_with_signed_urls():
    storage = storage_with(**S3, AWS_QUERYSTRING_AUTH="1")

    assert storage["backend"] == "storages.backends.s3.S3Storage"
    assert storage["bucket"] == "thinktank-media"
    assert storage["endpoint"] == "https://objects.example.net"
    assert storage["region"] == "eu-central-1"
    assert storage["url"].startswith(
        "https://objects.example.net/thinktank-media/images/2026/corridor.jpg?"
    )
    assert "X-Amz-Signature=" in storage["url"]
    # The site no longer serves /media/ itself: the bucket does.
    assert storage["serve_media"] is False


def test_custom_domain_serves_media_with_plain_urls_the_csp_allows():
    storage = storage_with(**S3, AWS_S3_CUSTOM_DOMAIN="media.example.org")

    assert storage["backend"] == "storages.backends.s3.S3Storage"
    assert storage["url"] == "https://media.example.org/images/2026/corridor.jpg"
    assert "https://media.example.org" in storage["img_src"]
