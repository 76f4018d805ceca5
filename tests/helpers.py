"""What the tests share: pages read the way a visitor's browser would (with the standard
library's parser), staff accounts, the admin's forms as staff submit them, and the
environment of a production process."""

import os
import secrets
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from partners.models import Partner

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ROOT = Path(__file__).resolve().parent.parent


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


# Forms as staff submit them in the admin, shared by the admin, roles, history and media tests.
def translated(field, value):
    """`value` in every language's column of `field`, each marked with its language."""
    return {f"{field}_{code}": f"{value} ({code})" for code in LANGUAGES}


PUBLISH_NOW = {
    "publication": "published",
    "published_at_0": "2020-01-01",
    "published_at_1": "08:00",
}


# The meeting form carries the photo and document inlines' management forms.
NO_INLINES = {
    f"{prefix}-{key}": "0"
    for prefix in ("photos", "documents")
    for key in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def meeting_form(**extra):
    return {
        **PUBLISH_NOW,
        **NO_INLINES,
        "slug": "new-meeting",
        "kind": "local",
        "number": "",
        "host": Partner.objects.get(slug="teruel").pk,
        "status": "planned",
        "timezone": "",
        "start_date": "2030-03-04",
        "date_precision": "day",
        "start_time": "17:30",
        "end_date": "",
        "end_time": "",
        "latitude": "",
        "longitude": "",
        **translated("title", "A meeting"),
        **{
            f"{field}_{code}": ""
            for field in [
                "theme",
                "venue_name",
                "venue_address",
                "summary",
                "body",
                "agenda",
                "outcomes",
            ]
            for code in LANGUAGES
        },
        **extra,
    }


def form_of(meeting, **changes):
    """The admin form of a meeting as staff would submit it, with some changes."""
    data = meeting_form(
        slug=meeting.slug,
        kind=meeting.kind,
        number=meeting.number or "",
        host=meeting.host.pk,
        status=meeting.status,
        start_date=meeting.start_date.isoformat() if meeting.start_date else "",
        start_time=meeting.start_time.strftime("%H:%M") if meeting.start_time else "",
    )
    data.update(changes)
    return data


# The environment of a production process started by a test (gunicorn, manage.py).
def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="into-eu.example.org",
        CLIENT_IP_HEADER="HTTP_X_REAL_IP",
        SITE_URL="https://into-eu.example.org",
        DJANGO_SETTINGS_MODULE="into_eu.settings",
    )
    env.update(extra)
    return env


class FormValues(HTMLParser):
    """What a browser submits from a page's form: inputs, checked boxes and radios,
    selected options (the first when none is), text areas; not files nor buttons."""

    def __init__(self, html, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values = []
        self._select = None
        self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        kind = attrs.get("type", "text")
        if tag == "input" and kind not in {"file", "submit", "button", "reset", "image"}:
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if "name" in attrs and "disabled" not in attrs:
                self.values.append(
                    (
                        attrs["name"],
                        attrs.get("value", "on" if kind in {"checkbox", "radio"} else ""),
                    )
                )
        elif tag == "select" and "name" in attrs:
            self._select = {"name": attrs["name"], "options": [], "chosen": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select["chosen"].append(attrs.get("value", ""))
        elif tag == "textarea" and "name" in attrs:
            self._textarea = [attrs["name"], ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or self._select["options"][:1]
            self.values += [(self._select["name"], value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.values.append((name, text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def admin_form(response):
    """The change form of an admin page as the browser would send it: name -> values."""
    meta = response.context["opts"]
    values = {}
    for name, value in FormValues(response.content.decode(), f"{meta.model_name}_form").values:
        values.setdefault(name, []).append(value)
    return values
