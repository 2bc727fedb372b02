import io

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from publications.models import Article
from publications.renditions import image_set, rendition_name
from tests.factories import image_bytes, make_article, make_image_upload


def stored_image(name="articles/photo.jpg", **kwargs):
    saved = default_storage.save(name, ContentFile(image_bytes(**kwargs)))
    article = Article(featured_image=saved)
    return article.featured_image


@pytest.mark.django_db
def test_renditions_come_in_webp_and_jpeg_at_each_width_up_to_the_source():
    field = stored_image(size=(1000, 500))

    images = image_set(field)

    assert [r.width for r in images.modern] == [320, 480, 640, 800, 1000]
    assert [r.width for r in images.fallback] == [320, 480, 640, 800, 1000]
    assert (images.width, images.height) == (1000, 500)
    assert images.modern[0].url.endswith("-320w.webp")
    assert images.fallback[0].url.endswith("-320w.jpg")
    with default_storage.open(rendition_name(field.name, 480, "webp")) as file:
        with Image.open(file) as picture:
            assert picture.format == "WEBP"
            assert picture.size == (480, 240)


@pytest.mark.django_db
def test_small_images_are_never_enlarged():
    field = stored_image(size=(200, 100))

    images = image_set(field)

    assert [r.width for r in images.fallback] == [200]


@pytest.mark.django_db
def test_renditions_are_made_once(monkeypatch):
    field = stored_image(size=(700, 400))
    image_set(field)
    saved = []
    # On the storage's class: the instance behind default_storage is replaced
    # whenever a test changes the STORAGES setting.
    monkeypatch.setattr(
        type(default_storage._wrapped),
        "save",
        lambda *args, **kwargs: saved.append(args),
    )

    image_set(field)
    cache.clear()
    image_set(field)

    assert saved == [], "existing files are reused, even with a cold cache"


@pytest.mark.django_db
def test_transparent_images_fall_back_to_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (500, 300), (10, 20, 30, 0)).save(buffer, format="PNG")
    name = default_storage.save("articles/logo.png", ContentFile(buffer.getvalue()))
    field = Article(featured_image=name).featured_image

    images = image_set(field)

    assert images.fallback_format == "png"
    assert images.fallback[-1].url.endswith("-500w.png")


@pytest.mark.django_db
def test_missing_or_broken_source_gives_no_image_instead_of_an_error():
    missing = Article(featured_image="articles/gone.jpg").featured_image
    broken_name = default_storage.save("articles/broken.jpg", ContentFile(b"nope"))
    broken = Article(featured_image=broken_name).featured_image

    assert image_set(missing) is None
    assert image_set(broken) is None
    assert image_set(Article().featured_image) is None


@pytest.mark.django_db
def test_uploaded_featured_image_gets_renditions():
    article = make_article(
        featured_image=make_image_upload(size=(900, 600)), featured_image_alt="Map"
    )

    images = image_set(article.featured_image, max_width=800)

    assert images.width == 800 and images.height == 533
