"""Photo renditions, made once at upload time with Pillow.

Each width is saved as WebP and as JPEG (for browsers without WebP); pages
offer them with srcset. Images are re-encoded from pixels, so no EXIF data —
GPS position included — reaches a published file.
"""

import io
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpeg": ("JPEG", {"quality": 82})}


def clean_pixels(upload):
    """The upload's pixels, turned upright, without metadata, as RGB."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        return image.convert("RGB")


def stripped_original(upload, name):
    """The original re-encoded without its metadata (GPS position, camera serial…)."""
    image = clean_pixels(upload)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return ContentFile(buffer.getvalue(), name=str(PurePosixPath(name).with_suffix(".jpg")))


def make_renditions(image_field):
    """Save every rendition of a stored photo; return their descriptions for the model."""
    with image_field.open("rb") as handle:
        image = clean_pixels(handle)
    stem = PurePosixPath(image_field.name).with_suffix("")
    widths = sorted({min(width, image.width) for width in settings.PHOTO_WIDTHS})
    renditions = []
    for width in widths:
        height = round(image.height * width / image.width)
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        entry = {"width": width, "height": height}
        for key, (pil_format, options) in FORMATS.items():
            buffer = io.BytesIO()
            resized.save(buffer, pil_format, **options)
            extension = "jpg" if key == "jpeg" else key
            name = f"renditions/{stem}-{width}.{extension}"
            entry[key] = default_storage.save(name, ContentFile(buffer.getvalue()))
        renditions.append(entry)
    return renditions


def delete_renditions(renditions):
    for entry in renditions:
        for key in FORMATS:
            if entry.get(key):
                default_storage.delete(entry[key])
