"""Reading pages the way a visitor's browser would, with the standard library's parser."""

from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Page(HTMLParser):
    """The parts of a page the tests look at: tags with attributes, and text by region."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.main_text = []
        self.text = []
        self._in_main = 0
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "main":
            self._in_main += 1
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main -= 1
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._in_main:
            self.main_text.append(data)

    def find_all(self, tag, **attrs):
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    @property
    def all_text(self):
        return " ".join(" ".join(self.text).split())

    @property
    def main(self):
        return " ".join(" ".join(self.main_text).split())


def public_urls(language):
    """Every public page of the shipped content, in one language."""
    from meetings.models import Announcement, Meeting
    from pages.models import Page as ProjectPage
    from partners.models import Partner

    with translation.override(language):
        urls = [reverse("partners:list"), reverse("meetings:list")]
        urls += [reverse("meetings:announcements")]
        urls += [page.get_absolute_url() for page in ProjectPage.objects.all()]
        urls += [partner.get_absolute_url() for partner in Partner.objects.all()]
        urls += [meeting.get_absolute_url() for meeting in Meeting.objects.all()]
        urls += [item.get_absolute_url() for item in Announcement.objects.published()]
    return urls


PASSWORD = "Qytet-i-bukur-2016"


def staff(client, username, group, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    call_command("add_staff_user", username, "--group", group, stdout=None)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    user = User.objects.get(username=username)
    assert user.is_staff and user.check_password(PASSWORD)
    client.force_login(user)  # axes' login checks are tested in test_security.py
    return client
