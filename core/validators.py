"""Checks for files uploaded by staff: real images and PDFs, within size limits."""

from contextlib import contextmanager
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


@contextmanager
def rewound(upload):
    """Read an upload from its start and leave it where Django had it."""
    position = upload.tell()
    upload.seek(0)
    try:
        yield upload
    finally:
        upload.seek(position)


def refuse_if_larger(upload, limit, message):
    """Checked first, so that an oversized upload is never opened."""
    if upload.size > limit:
        raise ValidationError(
            message,
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def validate_image_file(upload):
    """Refuse files that are too large, are not images, or would decompress into a bomb.

    Django's ImageField already asks Pillow whether the file is an image; this
    adds the limits a public site needs before anything is written to disk.
    """
    refuse_if_larger(
        upload,
        settings.IMAGE_MAX_BYTES,
        _("The file is %(size)s; images may be at most %(limit)s."),
    )
    try:
        with rewound(upload), Image.open(upload) as image:
            width, height = image.size
            image_format = image.format
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This image has too many pixels to be processed safely."), code="image_too_big"
        ) from None
    except Exception:
        raise ValidationError(
            _("This file is not a valid image. Upload a JPEG, PNG, GIF or WebP picture."),
            code="invalid_image",
        ) from None
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("This file is not a valid image. Upload a JPEG, PNG, GIF or WebP picture."),
            code="invalid_image",
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _(
                "The image is %(width)s×%(height)s pixels; "
                "at most %(limit)s million pixels are allowed."
            ),
            code="image_too_big",
            params={
                "width": width,
                "height": height,
                "limit": settings.IMAGE_MAX_PIXELS // 1_000_000,
            },
        )


def validate_pdf_file(upload):
    """A real PDF within the size limit, judged by its name and by its bytes.

    The bytes alone are not enough: a file can start with %PDF- and end with %%EOF and
    still be an HTML page in between, which a browser would render if it were ever
    served under its .html name.
    """
    refuse_if_larger(
        upload,
        settings.DOCUMENT_MAX_BYTES,
        _("The file is %(size)s; documents may be at most %(limit)s."),
    )
    name = PurePosixPath(upload.name or "").name
    if PurePosixPath(name).suffix.lower() != ".pdf":
        raise ValidationError(
            _("“%(name)s” is not a PDF file: only files ending in .pdf can be uploaded."),
            code="invalid_pdf_name",
            params={"name": name},
        )
    with rewound(upload):
        head = upload.read(1024)
        upload.seek(max(0, upload.size - 2048))
        tail = upload.read()
    if not head.startswith(b"%PDF-") or b"%%EOF" not in tail:
        raise ValidationError(
            _("This file is not a PDF document. Upload the agenda, minutes or report as a PDF."),
            code="invalid_pdf",
        )
