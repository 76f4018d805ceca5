"""Whole public pages from the shared cache, for anonymous visitors.

A page is stored with the *token* of the content it was rendered from. The token lives
in the cache too (one key, shared by every gunicorn instance through Redis); a change to
any content row replaces it, and so does the clock reaching the next scheduled change
(an item's publication time, a meeting's end). Pages stored under an old token are then
never served again and expire by themselves.

What is cached is bounded: only language-prefixed public URLs that answered 200, keyed
by scheme, an exact allowed host (lowercase, without a trailing dot), the path and, on a
paginated list only, the number of a page that exists (`page_count`); other
query parameters (utm_source, fbclid, `page` where nothing paginates) are ignored, and
requests from staff (with a session cookie) bypass the cache entirely.
"""

import hashlib
import logging
import re
import time
import uuid
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from core import publishing

log = logging.getLogger(__name__)

STATE_KEY = "pagecache:state"
# Saves in these apps and models never change a public page (search pages are never
# stored; people's data and the task queue are on no public page).
NOT_CONTENT_APPS = {
    "sessions",
    "axes",
    "contenttypes",
    "auth",
    "search",
    "core",
    "alerts",
    "feedback",
    "django_tasks_database",
}
NOT_CONTENT_MODELS = {"registrations.registrant", "registrations.notice"}
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
# Entries gained a field: a new prefix keeps an older release's entries from being read.
KEY_PREFIX = "page2:"
# What can change a rendered page when it changes (see code_version).
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".mo"}
# Response headers a page may vary on and still be shared by every visitor.
SHAREABLE_VARY = {"", "accept-encoding"}


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def next_change():
    """When the public pages change by the clock alone (a publication, a meeting's end),
    as a timestamp; every publishable model is asked (core/publishing.py)."""
    moment = publishing.next_change()
    return moment.timestamp() if moment else float("inf")


@lru_cache(maxsize=1)
def _source_digest():
    """A digest of what renders pages: the apps' code and templates, the template folders,
    the catalogues, the static manifest and the installed packages' versions."""
    folders = [Path(app.path) for app in apps.get_app_configs()]
    folders += [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    folders += [Path(folder) for folder in settings.LOCALE_PATHS]
    inside = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in sorted({folder for folder in folders if folder.is_relative_to(inside)}):
        for path in sorted(folder.rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(inside)).encode() + b"\0" + path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:16]


def code_version():
    """The version of the code pages are rendered by: CODE_VERSION (a build id) if set,
    else a digest of the code. Part of every page's key, so that a deploy never serves a
    page the previous code rendered, even while old and new instances run side by side."""
    return settings.CODE_VERSION or _source_digest()


def invalidate():
    """Make every stored page stale, now and again once the transaction is committed.

    The second time covers a request that read the old rows just before the commit.
    """
    forget_state()
    transaction.on_commit(forget_state, robust=True)


def forget_state():
    try:
        page_cache().delete(STATE_KEY)
    except Exception:  # A cache outage must not make an admin save fail.
        log.exception("Could not invalidate the page cache")


def content_changed(sender, **kwargs):
    opts = sender._meta
    if opts.app_label not in NOT_CONTENT_APPS and opts.label_lower not in NOT_CONTENT_MODELS:
        invalidate()


def new_state():
    state = (uuid.uuid4().hex, next_change())
    cache = page_cache()
    if cache.add(STATE_KEY, state, timeout=None):
        return state
    # Another request or instance made one meanwhile: theirs counts.
    return cache.get(STATE_KEY) or state


class CacheKeys(NamedTuple):
    host: str
    page_less: str
    # The key of ?page=N (N > 1), used only if the view says it paginates.
    paged: str | None
    # The page asked for: 1 without `page`, 0 when `page` names no page.
    page: int


def cache_keys(request):
    """The keys of a request whose answer may be shared, else None."""
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    if not get_language_from_path(request.path_info):
        return None
    try:
        raw_host = request.get_host()
    except DisallowedHost:
        return None  # Django answers 400 further in.
    # Lowercased and without a trailing dot: `EXAMPLE.org.` is the same site.
    domain, port = split_domain_port(raw_host)
    # Exact names only: a wildcard or a free port would make the key space unbounded.
    if domain not in settings.ALLOWED_HOSTS or port not in ("", request.META.get("SERVER_PORT")):
        return None
    host = f"{domain}:{port}" if port else domain
    pages = request.GET.getlist("page")
    if not pages:
        page = 1
    elif len(pages) == 1 and PAGE_NUMBER.fullmatch(pages[0]):
        page = int(pages[0])
    else:
        page = 0
    base = "|".join([code_version(), request.scheme, host, request.path])
    return CacheKeys(
        host=host,
        page_less=KEY_PREFIX + hashlib.sha256(base.encode()).hexdigest(),
        paged=KEY_PREFIX + hashlib.sha256(f"{base}|{page}".encode()).hexdigest()
        if page > 1
        else None,
        page=page,
    )


def page_count(response):
    """How many pages the list shown has; None where nothing paginates.

    Generic list views say it through their context; a view that paginates otherwise sets
    `response.page_count`.
    """
    count = getattr(response, "page_count", None)
    if count is None:
        paginator = (getattr(response, "context_data", None) or {}).get("paginator")
        count = paginator.num_pages if paginator else None
    return count


def shareable(response):
    """Whether every visitor may be given this answer, by us or by a shared cache.

    A 404 is shared too, though never stored here: a shared cache must be able to put it
    in place of the page it replaces (a page withdrawn or deleted), which it would
    otherwise keep serving stale.
    """
    if response.status_code not in (200, 404) or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
    return vary <= SHAREABLE_VARY


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        keys = cache_keys(request)
        if keys is None:
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header(
                "Cache-Control"
            ):
                # What a signed-in editor reads is theirs: no cache on the way may keep it.
                patch_cache_control(response, private=True, no_store=True)
            return response
        # Pages write the host into their links: render them with the host they are
        # stored under.
        request.META["HTTP_HOST"] = keys.host
        if not settings.PAGE_CACHE:
            response = self.get_response(request)
            if shareable(response):
                self.mark_public(response)
            return response

        state, entry = self.lookup(keys)
        if entry and (state is None or entry[0] == state[0]):
            return self.rebuild(entry, request)
        response = self.get_response(request)
        if not shareable(response):
            return response
        self.mark_public(response)
        if state and response.status_code == 200:
            count = page_count(response)
            key = self.key_to_store(keys, count)
            if key:
                self.store(key, state, response, paginated=count is not None)
        return response

    def lookup(self, keys):
        """The current state and the stored entry; state None when the database is down.

        With `page` in the query, the page-less entry answers too when its view does not
        paginate (`?page=N` is then the same page), read in the same round trip.
        """
        try:
            wanted = [STATE_KEY, keys.page_less]
            if keys.paged:
                wanted.append(keys.paged)
            found = page_cache().get_many(wanted)
        except Exception:
            log.exception("Page cache unreachable")
            return None, None
        state, entry = found.get(STATE_KEY), found.get(keys.page_less)
        if keys.page != 1 and (entry is None or entry[1]):
            entry = found.get(keys.paged)
        if state is None or state[1] <= time.time():
            try:
                if state is not None:
                    page_cache().delete(STATE_KEY)
                state = new_state()
            except DatabaseError:
                # Without the database, a page already stored beats an error page.
                log.warning("Database unreachable: serving stored pages as they are")
                return None, entry
            except Exception:
                log.exception("Page cache unreachable")
                return None, None
        return state, entry

    @staticmethod
    def mark_public(response):
        # Browsers must ask again each time: the ETag makes that question cheap (304),
        # and changes show on the next visit. Shared caches may answer for a moment, and
        # longer with a stale copy while fetching a new one or while every instance fails.
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.SHARED_CACHE_SECONDS,
            stale_while_revalidate=settings.STALE_WHILE_REVALIDATE_SECONDS,
            stale_if_error=settings.STALE_IF_ERROR_SECONDS,
        )
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()

    @staticmethod
    def key_to_store(keys, count):
        """Where a page goes: one key per page that exists on a paginated list of `count`
        pages, else the page-less key whatever `page` said."""
        if count is None:
            return keys.page_less
        if not 1 <= keys.page <= count:
            return None
        return keys.paged or keys.page_less

    @staticmethod
    def store(key, state, response, paginated):
        timeout = min(settings.PAGE_CACHE_SECONDS, state[1] - time.time())
        if timeout < 1:
            return
        entry = (
            state[0],
            paginated,
            response.status_code,
            list(response.items()),
            response.content,
        )
        try:
            page_cache().set(key, entry, timeout=int(timeout))
        except Exception:
            log.exception("Page cache unreachable")

    @staticmethod
    def rebuild(entry, request):
        _token, _paginated, status, headers, content = entry
        response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
        for name, value in headers:
            response[name] = value
        return response
