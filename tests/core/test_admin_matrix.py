"""Every URL the admin serves, for every role, GET and POST: allowed, or refused unchanged.

The URLs are read from the admin site itself (`admin.site.get_urls()` and every
ModelAdmin's, third-party ones such as django-reversion's included); each is given a
rule below, and a URL without one fails the test, so a plugin cannot add an unchecked
view. What each role may do is written out here by hand (RIGHTS), not derived from the
code under test. Every request, allowed or refused, must leave the database as it was:
the POSTs carry no form data, so even an allowed one changes nothing.
"""

import pytest
import reversion
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver
from django.utils import translation
from reversion.models import Version

from alerts.models import Subscriber
from feedback.models import Feedback
from meetings.models import Announcement, Meeting
from pages.models import Page
from partners.models import Partner
from press.models import Coverage
from registrations.models import Registration
from tests.helpers import staff

pytestmark = pytest.mark.django_db

VIEW, EDIT_TEXT, EDIT, ADD, DELETE = "view", "edit_text", "edit", "add", "delete"
EVERYTHING = {VIEW, EDIT_TEXT, EDIT, ADD, DELETE}
TEXTS = {VIEW, EDIT_TEXT}
OWN_PARTNER = {VIEW, EDIT_TEXT, EDIT, ADD}  # partner editors delete nothing
CONTENT = [
    "meetings.meeting",
    "meetings.announcement",
    "partners.partner",
    "into_eu.page",
    "press.coverage",
]

# Registration belongs to its meeting's partner: those who edit the meeting open it, see
# its registrants, export and write to them; translators have nothing to do with it.
REGISTRATION = "registrations.registration"
# Accessibility feedback is about the whole site: project editors read, answer and delete
# it; it comes only from the public form, so nobody adds it here.
FEEDBACK = "feedback.feedback"
# role -> model -> scope ("own": Durrës, "other": Teruel, "project": project-wide) -> rights
RIGHTS = {
    "anonymous": {},
    "durres editor": {
        "meetings.meeting": {"own": OWN_PARTNER},
        "meetings.announcement": {"own": OWN_PARTNER},
        "partners.partner": {"own": {VIEW}},
        REGISTRATION: {"own": OWN_PARTNER},
    },
    "translator": {model: {"own": TEXTS, "other": TEXTS, "project": TEXTS} for model in CONTENT},
    "durres editor + translator": {
        "meetings.meeting": {"own": OWN_PARTNER, "other": TEXTS},
        "meetings.announcement": {"own": OWN_PARTNER, "other": TEXTS},
        "partners.partner": {"own": TEXTS, "other": TEXTS},
        "into_eu.page": {"project": TEXTS},
        "press.coverage": {"project": TEXTS},
        REGISTRATION: {"own": OWN_PARTNER},
    },
    "project editor": {
        **{
            model: {"own": EVERYTHING, "other": EVERYTHING, "project": EVERYTHING}
            for model in CONTENT
        },
        REGISTRATION: {"own": EVERYTHING, "other": EVERYTHING},
        FEEDBACK: {"project": {VIEW, EDIT_TEXT, EDIT, DELETE}},
    },
}
# Not content, so none of the rules above: the alerts' subscribers are people's data, which
# project editors alone read (and export or erase, below); nobody adds or changes them.
PEOPLE = {"alerts.subscriber": {"project editor": {VIEW}}}
GROUPS = {
    "anonymous": [],
    "durres editor": ["Partner editors: durres"],
    "translator": ["Translators"],
    "durres editor + translator": ["Partner editors: durres", "Translators"],
    "project editor": ["Project editors"],
}


def rights(role, model, scope=None):
    """The role's rights on one item of `model`, or (scope None) on some item of it."""
    if model in PEOPLE:
        return PEOPLE[model].get(role, set())
    by_scope = RIGHTS[role].get(model, {})
    if scope is None:
        return set().union(*by_scope.values())
    return by_scope.get(scope, set())


def admin_urls():
    """(model label or "site", route) of every URL the admin site serves."""
    found = []
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver):  # a ModelAdmin's URLs, under "app/model/"
            label = ".".join(str(pattern.pattern).strip("/").split("/"))
            found += [(label, str(sub.pattern)) for sub in pattern.url_patterns]
        else:
            found.append(("site", str(pattern.pattern)))
    return found


# Per-model routes: where the URL goes, and what a request needs.
#   need(role, model, scope) -> True when the request must be allowed.
def staff_only(role, model, scope):
    return role != "anonymous"


def may(action):
    return lambda role, model, scope: action in rights(role, model, scope)


def may_recover(role, model, scope):
    return ADD in rights(role, model, scope) and EDIT in rights(role, model, scope)


def may_recover_list(role, model, scope):
    return ADD in rights(role, model) and EDIT_TEXT in rights(role, model)


def nobody(role, model, scope):
    return False


def project_editor(role, model, scope):
    return role == "project editor"


MODEL_ROUTES = {
    # route: (path template, scopes it is tried on — None: model-level, GET rule, POST rule)
    "": ("", [None], may(VIEW), may(VIEW)),
    "add/": ("add/", [None], may(ADD), may(ADD)),
    "<path:object_id>/change/": ("{pk}/change/", "objects", may(VIEW), may(EDIT_TEXT)),
    "<path:object_id>/delete/": ("{pk}/delete/", "objects", may(DELETE), may(DELETE)),
    "<path:object_id>/history/": ("{pk}/history/", "objects", may(VIEW), may(VIEW)),
    # The admin's short address of an item: a redirect to its change form, nothing else.
    "<path:object_id>/": ("{pk}/", "objects", staff_only, staff_only),
    "^recover/$": ("recover/", [None], may_recover_list, may_recover_list),
    "^recover/(\\d+)/$": ("recover/{deleted}/", "deleted", may_recover, may_recover),
    "^([^/]+)/history/(\\d+)/$": ("{pk}/history/{version}/", "objects", may(EDIT), may(EDIT)),
    "<id>/password/": ("{pk}/password/", "objects", nobody, nobody),
    # A test alert of an item, to one's own address: whoever may see the item.
    "<path:object_id>/test-alert/": ("{pk}/test-alert/", "objects", may(VIEW), may(VIEW)),
    # A meeting's registrants as a spreadsheet: whoever may see its registration; writing
    # to them all: whoever may edit it.
    "<path:object_id>/export/": ("{pk}/export/", "objects", may(VIEW), may(VIEW)),
    "<path:object_id>/message/": ("{pk}/message/", "objects", may(EDIT), may(EDIT)),
    # Who has the change form open: told by those who may change the item, by POST only
    # (without its "state", the POST is refused as malformed and records nothing).
    "<path:object_id>/editing/": ("{pk}/editing/", "objects", nobody, may(EDIT_TEXT)),
    # Everything held about one address, as a file; and erasing it (GDPR Art. 15 and 17).
    "export/": ("export/", [None], project_editor, project_editor),
    "erase/": ("erase/", [None], project_editor, project_editor),
}
# Routes of the admin site itself: (paths, GET rule, POST rule); rules take the role.
APP_LABELS = [
    "meetings",
    "partners",
    "into_eu",
    "press",
    "auth",
    "alerts",
    "registrations",
    "feedback",
]


def any_right(app_label):
    def rule(role):
        models = [*CONTENT, *PEOPLE, REGISTRATION, FEEDBACK]
        return any(rights(role, model) for model in models if model.startswith(f"{app_label}."))

    return rule


def open_to_all(role):
    return None  # login and logout answer everyone; only "nothing changed" is checked


SITE_ROUTES = {
    "": (["/admin/"], "staff", "staff"),
    "login/": (["/admin/login/"], open_to_all, open_to_all),
    "logout/": (["/admin/logout/"], open_to_all, open_to_all),
    "password_change/": (["/admin/password_change/"], "staff", "staff"),
    "password_change/done/": (["/admin/password_change/done/"], "staff", "nobody"),
    "autocomplete/": (["/admin/autocomplete/"], "nobody", "nobody"),
    "jsi18n/": (["/admin/jsi18n/"], "staff", "nobody"),
    "translations/": (["/admin/translations/"], "staff", "staff"),
    "glossary/": (["/admin/glossary/"], "staff", "staff"),
    "r/<int:content_type_id>/<path:object_id>/": ("view_on_site", None, None),
    "^(?P<app_label>auth|partners|into_eu|press|meetings|alerts|registrations|feedback)/$": (
        "app_list",
        None,
        None,
    ),
    "(?P<url>.*)$": (["/admin/no-such-page/"], "nobody", "nobody"),
}


@pytest.fixture
def world():
    """The items each scope names, their versions, and deleted items to recover."""
    durres, teruel = Partner.objects.get(slug="durres"), Partner.objects.get(slug="teruel")
    own_meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    other_meeting = Meeting.objects.get(slug="international-4-teruel")
    own_announcement = Announcement.objects.get(partner=durres)
    other_announcement = copy(own_announcement, slug="teruel-news", partner=teruel)
    objects = {
        "meetings.meeting": {"own": own_meeting, "other": other_meeting},
        "meetings.announcement": {"own": own_announcement, "other": other_announcement},
        "partners.partner": {"own": durres, "other": teruel},
        "into_eu.page": {"project": Page.objects.get(key="about")},
        "press.coverage": {"project": Coverage.objects.get(slug="laprimapagina-2016-04-19")},
        "auth.user": {"other": User.objects.create_user("someone", password="x")},
        "auth.group": {"other": Group.objects.get(name="Translators")},
        "alerts.subscriber": {
            "project": Subscriber.objects.create(email="reader@example.org", language="en")
        },
        REGISTRATION: {
            "own": Registration.objects.create(meeting=own_meeting, capacity=10),
            "other": Registration.objects.create(meeting=other_meeting, capacity=10),
        },
        FEEDBACK: {
            "project": Feedback.objects.create(page="/en/", message="Too small", language="en")
        },
    }
    deleted = {
        "meetings.meeting": {
            "own": copy(own_meeting, slug="gone-durres"),
            "other": copy(other_meeting, slug="gone-teruel", number=None),
        },
        "meetings.announcement": {
            "own": copy(own_announcement, slug="gone-durres"),
            "other": copy(own_announcement, slug="gone-teruel", partner=teruel),
        },
        "partners.partner": {"other": copy(teruel, slug="gone-town", editor_group=None)},
        "into_eu.page": {"project": Page.objects.get(key="privacy")},
        "press.coverage": {"project": Coverage.objects.get(slug="innowebtv-greece")},
    }
    versions = {}
    for label, by_scope in objects.items():
        for scope, obj in by_scope.items():
            if label in CONTENT:
                versions[(label, scope)] = record_version(obj)
    deleted_versions = {}
    for label, by_scope in deleted.items():
        for scope, obj in by_scope.items():
            version = record_version(obj)
            obj.delete()
            deleted_versions[(label, scope)] = version.pk
    # A version of another model, tried through the meetings' history and recover URLs.
    versions["foreign"] = record_version(Page.objects.get(key="contact"))
    return objects, versions, deleted_versions


def copy(obj, **changes):
    obj = type(obj).objects.get(pk=obj.pk)
    obj.pk = None
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()
    return obj


def record_version(obj):
    with reversion.create_revision():
        obj.save()
    return Version.objects.get_for_object(obj).first()


def snapshot():
    """Every row the admin could change (sessions and login records aside)."""
    # modeltranslation reads a translated field in the active language, which requests change.
    with translation.override("sq"):
        return {
            model._meta.label: list(model._default_manager.order_by("pk").values_list())
            for model in apps.get_models()
            if model._meta.app_label not in {"sessions", "axes"}
        }


def login_as(client, role, monkeypatch):
    """The role's user, logged in (None for a visitor)."""
    if role == "anonymous":
        return None
    groups, username = GROUPS[role], "staff-" + "-".join(role.split())
    staff(client, username, groups[0], monkeypatch)
    user = User.objects.get(username=username)
    user.groups.add(*Group.objects.filter(name__in=groups[1:]))
    return user


def requests(role, world):
    """(description, path, need for GET, need for POST) for every admin URL."""
    objects, versions, deleted_versions = world
    cases = []
    for label, route in admin_urls():
        if label == "site":
            cases += site_cases(role, route, objects)
            continue
        assert route in MODEL_ROUTES, f"admin URL without a rule in the matrix: {label} {route}"
        template, scopes, get_rule, post_rule = MODEL_ROUTES[route]
        base = "/admin/{}/{}/".format(*label.split("."))
        if scopes == "objects":
            targets = [(scope, {"pk": obj.pk}) for scope, obj in objects.get(label, {}).items()]
            if "{version}" in template:
                targets = [
                    (scope, {**fill, "version": versions[(label, scope)].pk})
                    for scope, fill in targets
                ]
                foreign = objects[label][next(iter(objects[label]))].pk
                cases.append(
                    (f"{label} foreign version", base + template.format(
                        pk=foreign, version=versions["foreign"].pk), False, False)
                )  # fmt: skip
            if not targets:  # a model with no row here: an id that does not exist
                targets = [("other", {"pk": 999999})]
        elif scopes == "deleted":
            targets = [
                (scope, {"deleted": pk})
                for (model, scope), pk in deleted_versions.items()
                if model == label
            ] + [("other", {"deleted": versions["foreign"].pk})]
        else:
            targets = [(None, {})]
        for scope, fill in targets:
            content = (
                label in CONTENT or label in PEOPLE or label in RIGHTS["project editor"]
            ) and not (scopes == "deleted" and fill["deleted"] == versions["foreign"].pk)
            get_need = content and get_rule(role, label, scope)
            post_need = content and post_rule(role, label, scope)
            if route == "<path:object_id>/":
                get_need = post_need = role != "anonymous"
            cases.append(
                (f"{label} {route} {scope}", base + template.format(**fill), get_need, post_need)
            )
    return cases


def site_cases(role, route, objects):
    assert route in SITE_ROUTES, f"admin URL without a rule in the matrix: {route}"
    paths, get_rule, post_rule = SITE_ROUTES[route]
    if paths == "view_on_site":
        return [
            (
                f"view on site {label} {scope}",
                f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/",
                # A subscriber has no page on the site to be sent to.
                VIEW in rights(role, label, scope) and hasattr(obj, "get_absolute_url"),
                VIEW in rights(role, label, scope) and hasattr(obj, "get_absolute_url"),
            )
            for label, by_scope in objects.items()
            for scope, obj in by_scope.items()
        ]
    if paths == "app_list":
        return [
            (f"app {app}", f"/admin/{app}/", any_right(app)(role), any_right(app)(role))
            for app in APP_LABELS
        ]
    named = {"staff": role != "anonymous", "nobody": False}
    return [
        (
            route or "index",
            path,
            named[get_rule] if isinstance(get_rule, str) else get_rule(role),
            named[post_rule] if isinstance(post_rule, str) else post_rule(role),
        )
        for path in paths
    ]


def refused(response):
    if response.status_code in {403, 404, 405}:
        return True
    location = response.get("Location", "")
    # The admin sends visitors to its login page, and staff to its index for an item
    # they may not see ("… with ID … doesn't exist").
    return response.status_code == 302 and (
        location.startswith("/admin/login/") or location == "/admin/"
    )


@pytest.mark.parametrize("role", list(RIGHTS))
def test_every_admin_url_answers_each_role_as_its_rights_say(role, client, monkeypatch, world):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    user = login_as(client, role, monkeypatch)
    wrong = []
    after = snapshot()
    for description, path, get_need, post_need in requests(role, world):
        for method, need in (("GET", get_need), ("POST", post_need)):
            before = after  # nothing may change, so each state is the next one's "before"
            response = getattr(client, method.lower())(path)
            after = snapshot()
            if after != before:
                changed = sorted(label for label in before if before[label] != after[label])
                wrong.append(f"{method} {path} ({description}) changed {changed}")
                after = snapshot()
            if response.status_code >= 500:
                wrong.append(f"{method} {path} ({description}) answered {response.status_code}")
            elif need is not None and refused(response) == need:
                outcome = "refused" if need else "allowed"
                wrong.append(
                    f"{method} {path} ({description}) {outcome}: {response.status_code} "
                    f"{response.get('Location', '')}"
                )
            if path == "/admin/logout/" and user is not None:
                client.force_login(user)  # which records the login time
                after = snapshot()
    assert not wrong, "\n".join(wrong)
