import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from meetings.models import Document, Meeting, Photo

from .helpers import Page
from .test_roles import form_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg_with_gps(width=2000, height=1200):
    image = Image.new("RGB", (width, height), "#336699")
    exif = Image.Exif()
    exif[0x010E] = "SECRET-DESCRIPTION"
    exif[0x8825] = {1: "N", 2: (41.0, 19.0, 30.0), 3: "E", 4: (19.0, 26.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    assert b"SECRET-DESCRIPTION" in buffer.getvalue()
    return SimpleUploadedFile("camera.jpg", buffer.getvalue(), "image/jpeg")


def png_header_only(width, height):
    """A tiny PNG that claims to be width × height: a decompression bomb's calling card."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return SimpleUploadedFile(
        "bomb.png",
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""),
        "image/png",
    )


def pdf():
    return SimpleUploadedFile(
        "agenda.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "application/pdf"
    )


def with_photo(meeting, upload, **fields):
    data = form_of(meeting)
    data.update(
        {
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": upload,
            "photos-0-alt_text_sq": "Pjesëmarrësit në sallë",
            "photos-0-caption_sq": "Takimi në Durrës",
            "photos-0-credit": "Bashkia Durrës",
            "photos-0-licence": "CC BY 4.0",
            "photos-0-order": "0",
            **fields,
        }
    )
    return data


def with_document(meeting, upload):
    data = form_of(meeting)
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-kind": "agenda",
            "documents-0-title_sq": "Rendi i ditës",
            "documents-0-language": "sq",
            "documents-0-file": upload,
            "documents-0-order": "0",
        }
    )
    return data


@pytest.fixture
def meeting():
    return Meeting.objects.get(slug="local-durres-2016-07-28")


def post(staff_client, meeting, data):
    return staff_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)


def inline_errors(response):
    return " ".join(
        str(error)
        for formset in response.context["inline_admin_formsets"]
        for error in formset.formset.errors
    )


def test_photo_gets_renditions_without_exif_and_the_page_uses_srcset(
    staff_client, meeting, media_root, client
):
    response = post(staff_client, meeting, with_photo(meeting, jpeg_with_gps()))
    assert response.status_code == 302
    photo = Photo.objects.get(meeting=meeting)
    assert [r["width"] for r in photo.renditions] == [480, 960, 1600]
    assert photo.renditions[0]["height"] == 288
    for rendition in photo.renditions:
        for key in ("webp", "jpeg"):
            data = (media_root / rendition[key]).read_bytes()
            assert b"SECRET-DESCRIPTION" not in data
            with Image.open(io.BytesIO(data)) as image:
                assert image.width == rendition["width"]
                assert not image.getexif()
    assert b"SECRET-DESCRIPTION" not in (media_root / photo.image.name).read_bytes()

    page = Page(client.get(f"/en/meetings/{meeting.slug}/").content.decode())
    [img] = [a for t, a in page.tags if t == "img" and "srcset" in a]
    assert img["srcset"].count("w,") == 2 and img["srcset"].endswith("1600w")
    assert img["width"] == "1600" and img["height"] == "960"
    assert img["alt"]
    [source] = page.find_all("source", type="image/webp")
    assert ".webp 480w" in source["srcset"]


def test_small_photo_is_not_enlarged(staff_client, meeting):
    post(staff_client, meeting, with_photo(meeting, jpeg_with_gps(600, 400)))
    assert [r["width"] for r in Photo.objects.get().renditions] == [480, 600]


def test_photo_needs_alt_text(staff_client, meeting):
    data = with_photo(meeting, jpeg_with_gps(), **{"photos-0-alt_text_sq": ""})
    response = post(staff_client, meeting, data)
    assert response.status_code == 200
    assert "required" in inline_errors(response)
    assert not Photo.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("fake.jpg", b"just some text\n" * 20, "image/jpeg"), "valid image"),
        (png_header_only(20000, 20000), "too many pixels"),
    ],
    ids=["text-renamed-jpg", "20000x20000"],
)
def test_bad_images_are_rejected_and_nothing_is_saved(
    staff_client, meeting, media_root, upload, message
):
    response = post(staff_client, meeting, with_photo(meeting, upload))
    assert response.status_code == 200
    assert message in inline_errors(response)
    assert not Photo.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_oversized_image_is_rejected(staff_client, meeting, settings):
    settings.IMAGE_MAX_BYTES = 1000
    response = post(staff_client, meeting, with_photo(meeting, jpeg_with_gps()))
    assert "images may be at most" in inline_errors(response)
    assert not Photo.objects.exists()


def test_pdf_is_accepted_and_listed_with_its_language(staff_client, meeting, client):
    response = post(staff_client, meeting, with_document(meeting, pdf()))
    assert response.status_code == 302
    document = Document.objects.get()
    html = client.get(f"/en/meetings/{meeting.slug}/").content.decode()
    assert f'href="{document.file.url}" hreflang="sq" type="application/pdf"' in html


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("minutes.pdf", b"<html>not a pdf</html>", "application/pdf"),
        SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 truncated", "application/pdf"),
    ],
    ids=["html-named-pdf", "truncated"],
)
def test_fake_pdf_is_rejected(staff_client, meeting, upload):
    response = post(staff_client, meeting, with_document(meeting, upload))
    assert response.status_code == 200
    assert "not a PDF" in inline_errors(response)
    assert not Document.objects.exists()


def test_oversized_pdf_is_rejected(staff_client, meeting, settings):
    settings.DOCUMENT_MAX_BYTES = 10
    response = post(staff_client, meeting, with_document(meeting, pdf()))
    assert "documents may be at most" in inline_errors(response)
    assert not Document.objects.exists()
