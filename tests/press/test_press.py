import io
import zipfile

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image

from meetings.models import Meeting, Photo
from press import photo_packs
from press.models import Coverage
from tests.helpers import LANGUAGES, PUBLISH_NOW, Page

pytestmark = pytest.mark.django_db

OUTLETS = ["laprimapagina.it", "innowebtv.it", "vulturenews.net", "rti.rtsh.al", "durres.gov.al"]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Page(response.content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_press_page_lists_the_coverage_newest_first_with_dates_and_languages(client, language):
    page = get(client, f"/{language}/press/")
    for outlet in OUTLETS:
        assert outlet in page.main, outlet
    items = [tag for tag in page.find_all("li") if tag.get("id", "").startswith("coverage-")]
    assert [item["id"] for item in items][:3] == [
        "coverage-rtsh-2017-11-17",
        "coverage-vulturenews-2017-11-17",
        "coverage-durres-2016-07-25",
    ]
    assert len(items) == Coverage.objects.published().count() == 7
    days = [tag["datetime"] for tag in page.find_all("time") if tag["datetime"].count("-") == 2]
    assert {"2016-04-19", "2016-07-25", "2017-11-17"} <= set(days)
    with translation.override(language):
        assert translation.gettext("Date not recorded") in page.main  # three items
        # Each item says its language in that language, marked so.
        marked = {tag["lang"] for tag in page.find_all("span") if "lang" in tag}
        assert {"it", "sq"} <= marked


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_press_page_has_contact_fact_sheet_kit_and_feeds(client, language):
    page = get(client, f"/{language}/press/")
    text = page.main
    assert "durres_in.to.eu@durres.gov.al" in text
    links = [tag["href"] for tag in page.find_all("a")]
    assert sum(href.startswith(f"/{language}/partners/") for href in links) >= 4
    assert sum(href.startswith(f"/{language}/meetings/") for href in links) >= 6
    assert "2017" in text and "2016" in text
    for href in [
        f"/{language}/announcements/feed/rss/",
        f"/{language}/meetings/feed/atom/",
        f"/{language}/meetings/calendar.ics",
    ]:
        assert href in links, href
    downloads = [href for href in links if href.startswith("/static/img/")]
    assert len(downloads) == 4
    assert any(f"funding-{language}." in href for href in downloads)
    # Menu and footer both lead here.
    home = get(client, f"/{language}/")
    assert [tag["href"] for tag in home.find_all("a")].count(f"/{language}/press/") == 2


def test_the_press_kit_files_exist_in_every_language():
    assert finders.find("img/eu-emblem.svg")
    assert finders.find("img/press/eu-emblem.png")
    for code in LANGUAGES:
        with open(finders.find(f"img/press/funding-{code}.svg"), encoding="utf-8") as file:
            svg = file.read()
        with translation.override(code):
            statement = translation.gettext(
                "Co-funded by the Europe for Citizens Programme of the European Union"
            )
        assert f"<title>{statement}</title>" in svg.replace("&lt;", "<").replace("&gt;", ">")
        assert finders.find(f"img/press/funding-{code}.png")


def test_staff_add_coverage_in_five_languages_and_it_shows_at_once(staff_client, client):
    assert "Il Mattino" not in client.get("/it/press/").content.decode()  # now cached
    data = {
        "slug": "il-mattino",
        "outlet": "Il Mattino",
        "title": "Accoglienza, cinque comuni a confronto",
        "published_on": "2017-11-20",
        "language": "it",
        "url": "https://example.org/articolo",
        **{f"summary_{code}": f"Summary {code}" for code in LANGUAGES},
        **PUBLISH_NOW,
    }
    response = staff_client.post("/admin/press/coverage/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = get(client, "/it/press/")
    assert "Il Mattino" in page.main and "Summary it" in page.main
    (title,) = [
        tag for tag in page.find_all("a") if tag.get("href") == "https://example.org/articolo"
    ]
    assert title["hreflang"] == "it"
    items = [tag["id"] for tag in page.find_all("li") if tag.get("id", "").startswith("coverage")]
    assert items[0] == "coverage-il-mattino"  # the newest


def test_a_draft_coverage_item_is_not_shown(client):
    Coverage.objects.create(
        slug="draft", outlet="Secret Times", language="en", summary_sq="x", summary_en="x"
    )
    assert "Secret Times" not in client.get("/en/press/").content.decode()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo_of(meeting, caption):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#336699").save(buffer, "JPEG")
    return Photo.objects.create(
        meeting=meeting,
        image=ContentFile(buffer.getvalue(), name="x.jpg"),
        alt_text_sq="Salla",
        alt_text_en="The hall",
        caption_sq=caption,
        caption_en=f"{caption} (en)",
        credit="Bashkia Durrës",
        licence="CC BY 4.0",
    )


def test_a_meetings_photo_pack_is_made_once_and_again_when_the_photos_change(
    client, media_root, monkeypatch
):
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    assert f"/sq/press/photos/{meeting.slug}.zip" not in client.get("/sq/press/").content.decode()
    photo = photo_of(meeting, "Takimi")
    assert f"/sq/press/photos/{meeting.slug}.zip" in client.get("/sq/press/").content.decode()

    saved = []
    original_save = default_storage.save
    monkeypatch.setattr(
        default_storage,
        "save",
        lambda *args, **kw: saved.append(args[0]) or original_save(*args, **kw),
    )
    for _ in range(2):
        response = client.get(f"/sq/press/photos/{meeting.slug}.zip")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert "attachment" in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, max-age=3600"
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(saved) == 1  # made once
    assert archive.namelist() == ["01.jpg", "photos.txt"]
    credits = archive.read("photos.txt").decode()
    for expected in [
        "caption [sq]: Takimi",
        "caption [en]: Takimi (en)",
        "Bashkia Durrës",
        "CC BY 4.0",
    ]:
        assert expected in credits

    photo.caption_sq = "Takimi në Durrës"
    photo.save()
    client.get(f"/sq/press/photos/{meeting.slug}.zip")
    assert len(saved) == 2  # a new pack for the new caption; the old one is gone
    assert len(list((media_root / "packs").iterdir())) == 1


def test_no_pack_for_a_draft_meeting_or_one_without_photos(client, media_root):
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    assert client.get(f"/en/press/photos/{meeting.slug}.zip").status_code == 404
    photo_of(meeting, "Takimi")
    Meeting.objects.filter(pk=meeting.pk).update(publication="draft")
    assert client.get(f"/en/press/photos/{meeting.slug}.zip").status_code == 404
    # Nor is a pack ever at a public address of its own.
    Meeting.objects.filter(pk=meeting.pk).update(publication="published")
    assert client.get(f"/en/press/photos/{meeting.slug}.zip").status_code == 200
    (pack,) = (media_root / "packs").iterdir()
    assert client.get(f"/media/packs/{pack.name}").status_code == 404
    assert pack.parent.name == photo_packs.FOLDER
