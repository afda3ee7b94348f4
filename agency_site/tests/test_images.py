"""Responsive pictures: one candidate per width the image really has."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.template import Context, Template
from PIL import Image as PILImage
from wagtail.images import get_image_model

PICTURE = Template(
    "{% load site_tags %}{% responsive_picture image sizes='(max-width: 800px) 100vw, 800px' alt=alt loading='lazy' %}"
)


def soup(html):
    return BeautifulSoup(html, "html.parser")


def uploaded(width, height, title="Atelier de l’agence"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "#d9d4cc").save(buffer, format="JPEG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"atelier-{width}.jpg"))


def widths(srcset):
    return [candidate.strip().rsplit(" ", 1)[1] for candidate in srcset.split(",")]


@pytest.mark.django_db
def test_a_narrow_upload_lists_each_width_once_in_every_format():
    picture = soup(PICTURE.render(Context({"image": uploaded(600, 400), "alt": "L’équipe en atelier"})))

    sources = picture.find_all("source")
    assert [source["type"] for source in sources] == ["image/avif", "image/webp"]
    for srcset in [source["srcset"] for source in sources] + [picture.find("img")["srcset"]]:
        assert widths(srcset) == ["400w", "600w"]
    image = picture.find("img")
    assert (image["alt"], image["loading"], image["width"]) == ("L’équipe en atelier", "lazy", "400")
    assert image["sizes"] == "(max-width: 800px) 100vw, 800px"


@pytest.mark.django_db
def test_a_large_upload_gets_the_three_widths_and_markup_in_the_alt_is_escaped():
    html = PICTURE.render(Context({"image": uploaded(1600, 900), "alt": '"><script>alert(1)</script>'}))

    assert "<script>" not in html
    picture = soup(html)
    assert widths(picture.find("img")["srcset"]) == ["400w", "800w", "1200w"]
    assert picture.find("img")["alt"] == '"><script>alert(1)</script>'


def test_no_image_renders_nothing():
    assert PICTURE.render(Context({"image": None, "alt": ""})) == ""
