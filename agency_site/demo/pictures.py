"""Pictures drawn for the demo with Pillow: flat figures, and placeholders that say they are placeholders."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection

INK = "#14213d"
RED = "#c8102e"
PAPER = "#f5f3ef"
LINE = "#d9d4cc"
STREET = "#ffffff"
BLOCK = "#e4dfd6"

PLACEHOLDER_COLLECTION = "Images de démonstration à remplacer"


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def person(draw, x, y, size, colour):
    """A person seen from the front, centred on (x, y): a head above rounded shoulders, `size` pixels high."""
    head = size * 0.19
    draw.ellipse((x - head, y - size / 2, x + head, y - size / 2 + 2 * head), fill=colour)
    shoulders = size * 0.34
    draw.pieslice((x - shoulders, y - size * 0.04, x + shoulders, y + size * 0.64), 180, 360, fill=colour)


def font(size):
    # Pillow's own font has no accented letters; DejaVu comes with Debian's fonts (and Chromium).
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def demo_image(title, filename, png, log):
    """The image with this title, created in the placeholder collection when missing (never replaced)."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is not None:
        return image
    collection = Collection.objects.filter(name=PLACEHOLDER_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PLACEHOLDER_COLLECTION)
    image = Image(title=title, collection=collection, file=ImageFile(io.BytesIO(png), name=filename))
    image.save()
    log(f"image {title}")
    return image


def draw_map_placeholder(size=(1200, 600)):
    """A plain street plan with a pin, stamped « Plan provisoire »: the agency replaces it with its real map."""
    width, height = size
    image = PILImage.new("RGB", size, BLOCK)
    draw = ImageDraw.Draw(image)
    for x in range(90, width, 240):
        draw.rectangle((x, 0, x + 34, height), fill=STREET)
    for y in range(70, height, 190):
        draw.rectangle((0, y, width, y + 30), fill=STREET)
    pin_x, pin_y = width // 2 + 17, height // 2 - 20
    draw.ellipse((pin_x - 34, pin_y - 90, pin_x + 34, pin_y - 22), fill=RED)
    draw.polygon([(pin_x - 29, pin_y - 44), (pin_x + 29, pin_y - 44), (pin_x, pin_y + 10)], fill=RED)
    draw.ellipse((pin_x - 13, pin_y - 69, pin_x + 13, pin_y - 43), fill=PAPER)
    band_top = height - 150
    draw.rectangle((0, band_top, width, height), fill=INK)
    draw.text((40, band_top + 24), "Plan provisoire\u202f: image de démonstration", fill=PAPER, font=font(40))
    draw.text(
        (40, band_top + 86),
        "À remplacer dans Paramètres › Coordonnées de l’agence › Plan d’accès",
        fill=PAPER,
        font=font(28),
    )
    return png_bytes(image)
