"""Every public answer, saved and compared byte for byte: proof that a refactor changed nothing.

    .venv/bin/python scripts/compare_pages.py save DIR   # before the change
    .venv/bin/python scripts/compare_pages.py diff DIR   # after: lists every answer that differs

Loads the shipped content into a throwaway SQLite database, freezes the clock, then
crawls the site from each language's home page, the sitemap and robots.txt, following
every same-site link (the admin and static files aside) and adding the pages a visitor
reaches by mistake (unknown addresses, a wrong language prefix, a page number past the
end). For each answer it keeps the status, the headers a client reads and the body.
Only Django's public API is used, so the same script runs on both sides of a change.
"""

import os
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
FROZEN_AT = "2026-11-30T12:00:00+00:00"
HEADERS = [
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Location",
    "Vary",
    "Link",
    "Content-Security-Policy",
    "X-Robots-Tag",
]
START = ["/", "/sitemap.xml", "/robots.txt", "/healthz", "/readyz", "/errors/request-too-large"]
MISTAKES = [
    "/xx/",
    "/en/no-such-page/",
    "/en/meetings/no-such-meeting/",
    "/en/meetings/?page=99",
    "/en/announcements/?page=abc",
    "/sq/meetings/no-such-meeting/calendar.ics",
]
LINK = re.compile(rb"""(?:href|src|srcset)="([^"#]+)""")
SKIP = ("/admin/", "/static/", "http:", "https:", "mailto:", "webcal:", "tel:")


def set_up(database):
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="into_eu.settings",
        DATABASE_URL=f"sqlite:///{database}",
        PAGE_CACHE="false",
    )
    import logging

    import django
    from django.core.management import call_command

    django.setup()
    logging.disable(logging.WARNING)  # the 404s asked for on purpose
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)


def crawl():
    from django.test import Client

    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="sq")
    seen, queue, answers = set(), START + MISTAKES, {}
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        head = [f"{response.status_code}"]
        head += [
            f"{name}: {header(response, name)}" for name in HEADERS if response.has_header(name)
        ]
        answers[url] = "\n".join(head).encode() + b"\n\n" + body
        for found in LINK.findall(body):
            for candidate in found.decode().split(","):
                link = urljoin(url, candidate.strip().split(" ")[0].replace("&amp;", "&"))
                parts = urlsplit(link)
                if parts.netloc in ("", "localhost") and not link.startswith(SKIP):
                    local = parts.path + (f"?{parts.query}" if parts.query else "")
                    if local.startswith("/") and not local.startswith(SKIP):
                        queue.append(local)
        if response.has_header("Location") and response["Location"].startswith("/"):
            queue.append(response["Location"])
    return answers


def header(response, name):
    value = response[name]
    if name == "Content-Security-Policy":
        # django-csp writes directives in set order, which changes from process to process.
        value = "; ".join(sorted(value.split("; ")))
    return value


def file_name(url):
    return re.sub(r"[^A-Za-z0-9._-]", "_", url) or "_"


def main(action, folder):
    import time_machine

    folder = Path(folder)
    with tempfile.TemporaryDirectory() as scratch, time_machine.travel(FROZEN_AT, tick=False):
        set_up(Path(scratch) / "db.sqlite3")
        answers = crawl()
    if action == "save":
        folder.mkdir(parents=True, exist_ok=True)
        for url, answer in answers.items():
            (folder / file_name(url)).write_bytes(answer)
        (folder / "INDEX").write_text("\n".join(sorted(answers)) + "\n")
        print(f"saved {len(answers)} answers in {folder}")
        return 0
    before = (folder / "INDEX").read_text().split()
    differ = [url for url in before if url not in answers]
    differ += [url for url in answers if url not in before]
    differ += [
        url
        for url in before
        if url in answers and (folder / file_name(url)).read_bytes() != answers[url]
    ]
    for url in differ:
        print(f"differs: {url}")
    print(f"{len(before)} answers before, {len(answers)} now, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("save", "diff"):
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
