"""`make bench`: requests per second of public pages against a static file, with wrk.

Two gunicorn servers with production settings and two sync workers each run on
loopback from a throwaway copy of the site (its own SQLite database and static folder):
one with the page cache, one with PAGE_CACHE=off. Only one is measured at a time. The
static file is a copy of the English home page, so both answers have the same size,
served by WhiteNoise from the cached server.

Then the edge: Debian's nginx with deploy/nginx.conf (tools/nginx_server.py) in front of
the cached server, over HTTPS, and the same static file sent by that nginx from disk
through a server of its own with the same TLS settings; pages through nginx's cache are
compared with that file.

Then the search (search/): a throwaway database of 10,000 synthetic items in five
languages (`manage.py make_search_corpus`), on SQLite and, when run beside the services
of scripts/with-services (as `make bench` does), on PostgreSQL; each query is asked by one
connection at a time, so that its p99 is the time of the query itself, not of a queue.

Then the alerts (alerts/): on the same throwaway databases, 10,000 confirmed subscribers,
the admin's save of an announcement published with alerts on (`manage.py bench_alerts`,
timed as the editor waits for it), and the task worker (`db_worker`, two processes)
sending that alert to all of them through a local SMTP server (aiosmtpd), timed from its
start to its last mail.

`make bench BASELINE=<git ref>` measures that commit too, in the same run (several refs,
space-separated, measure each): its code is exported (`git archive`) beside the copy,
served the same way with the same packages, and each page is measured on every tree, one
after the other, so that a change's cost or gain is read from figures taken under the
same load.
"""

import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as `python scripts/bench.py`, which puts scripts/ on the path, not the project.
sys.path.insert(0, str(ROOT))
from tools.gunicorn_server import ServerDidNotStart, free_port, running_gunicorn  # noqa: E402
from tools.nginx_server import ipv6_loopback, running_nginx  # noqa: E402

PYTHON = sys.executable
DURATION = os.environ.get("BENCH_SECONDS", "4")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
PAGES = [
    ("home", "/{lang}/"),
    ("meetings list", "/{lang}/meetings/"),
    ("meeting", "/{lang}/meetings/international-1-palazzo-san-gervasio/"),
    ("announcement", "/{lang}/announcements/durres-local-meeting-2016-07-28/"),
]
LANGUAGES = ["en", "el"]
EDGE_PAGES = ["home", "meeting", "meetings list"]
TARGETS = {"cached": 0.9, "uncached": 0.10, "nginx": 0.8}
# The search: as a citizen or a journalist would ask, from a town found in most items to
# a word found in none (the last one's page suggests titles instead).
SEARCH_ITEMS = 10_000
SEARCH_QUERIES = [
    ("en", "Durres"),
    ("el", "Δυρραχιο"),
    ("it", "aragosta"),
    ("it", "migranti"),
    ("es", "Teruel reunión"),
    ("en", '"first reception"'),
    ("sq", "IN.TO.EU"),
    ("en", "qwzx"),
]
SEARCH_P99_MS = 50
# wrk names the host in TLS (SNI) only when it is a name: nginx refuses a handshake for
# an unknown one, as deploy/nginx.conf says.
EDGE_HOST = "localhost"
BASELINES = os.environ.get("BASELINE", "").split()
# Behind nginx every request arrives as HTTPS; without this header production
# settings would answer each request with a redirect.
PROXY_HEADER = "X-Forwarded-Proto: https"

LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local bad_total = 0
  for _, thread in ipairs(threads) do bad_total = bad_total + thread:get("bad") end
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50": %f, "p99": %f, "non2xx": %d, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, bad_total,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout))
end
"""


def fetch(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def wrk(url, script, duration=DURATION, threads=2, connections=CONNECTIONS):
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "-H",
            PROXY_HEADER,
            "-s",
            script,
            url,
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
    )
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    stats["rps"] = stats["requests"] / stats["seconds"]
    return stats


# The static file through nginx: the same TLS settings as deploy/nginx.conf's site.
STATIC_SERVER = """
    server {{
        listen 127.0.0.1:{port} ssl http2;
        listen {v6}:{port} ssl http2;
        server_name {host};
        ssl_certificate {folder}/cert.pem;
        ssl_certificate_key {folder}/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / {{ root {root}; }}
    }}
"""


def fetch_edge(url, certificate):
    context = ssl.create_default_context(cafile=str(certificate))
    with urllib.request.urlopen(url, timeout=10, context=context) as response:
        return response.status, response.read()


@contextmanager
def edge(site, work):
    """nginx with deploy/nginx.conf in front of the site's cached server, and a server of
    its own for the static file; yields the address of each and nginx's certificate."""
    nginx = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    openssl = shutil.which("openssl")
    if not (nginx and openssl):
        raise SystemExit("nginx or openssl is missing: install Debian's packages")
    folder, error_pages = work / "nginx", work / "error-pages"
    folder.mkdir()
    work.chmod(0o755)  # nginx's workers (nobody, when started by root) read the file
    subprocess.run(
        [PYTHON, "manage.py", "write_error_pages", str(error_pages)],
        cwd=site.code,
        env=site.env,
        check=True,
        capture_output=True,
    )
    static_port = free_port()
    static_server = STATIC_SERVER.format(
        port=static_port, v6=ipv6_loopback(), host=EDGE_HOST, folder=folder,
        root=site.work / "static",
    )  # fmt: skip
    with running_nginx(
        nginx,
        openssl,
        folder,
        host=EDGE_HOST,
        upstreams=[f"127.0.0.1:{site.cached.port}"],
        media_root=work,
        error_pages=error_pages,
        workers=os.cpu_count(),
        extra=static_server,
    ) as server:
        yield (
            f"https://{EDGE_HOST}:{server.https_port}",
            f"https://{EDGE_HOST}:{static_port}/bench/home.html",
            server.certificate,
        )


def measure_edge(site, work, script):
    """Rows of pages through nginx's cache, each against the static file through nginx
    measured just before it."""
    rows = []
    with edge(site, work) as (origin, static_url, certificate):
        assert fetch_edge(static_url, certificate) == (200, site.home)
        pages = [(name, path) for name, path in PAGES if name in EDGE_PAGES]
        urls = [f"{origin}{path.format(lang=lang)}" for _name, path in pages for lang in LANGUAGES]
        for url in [static_url, *urls]:
            wrk(url, str(script), duration=1)
        for name, path in pages:
            for lang in LANGUAGES:
                static = wrk(static_url, str(script))
                rows.append(("this", "static file (nginx)", "", "", len(site.home), static, static))
                url = f"{origin}{path.format(lang=lang)}"
                _status, body = fetch_edge(url, certificate)
                stats = wrk(url, str(script))
                rows.append(("this", name, lang, "nginx", len(body), stats, static))
    return rows


def export(ref, folder):
    """The code of commit `ref`, as `git archive` writes it."""
    folder.mkdir()
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)


class Site:
    """One tree of code under test: its database, static folder and two servers."""

    def __init__(self, label, code, work):
        self.label, self.code, self.work = label, code, work
        self.env = {
            **os.environ,
            "PRODUCTION": "true",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"127.0.0.1,{EDGE_HOST}",
            "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
            "STATIC_ROOT": str(work / "static"),
            "DJANGO_SETTINGS_MODULE": "into_eu.settings",
            "LOG_LEVEL": "WARNING",
        }
        self.env.pop("CACHE_URL", None)
        self.env.pop("REDIS_URL", None)

    def prepare(self):
        self.work.mkdir(exist_ok=True)
        for command in (["migrate", "--noinput"], ["load_content"], ["collectstatic", "--noinput"]):
            subprocess.run(
                [PYTHON, "manage.py", *command],
                cwd=self.code,
                env=self.env,
                check=True,
                capture_output=True,
            )

    def serving(self, name, **extra):
        return running_gunicorn(
            {**self.env, **extra},
            ["--workers", "2", "--worker-class", "sync", "--no-control-socket",
             "--access-logfile", str(self.work / f"access-{name}.log")],
            log=self.work / f"gunicorn-{name}.log",
            cwd=self.code,
        )  # fmt: skip

    def start(self, servers):
        # The static twin of the home page must exist before WhiteNoise scans the folder.
        with self.serving("first") as first:
            _status, self.home = fetch(f"{first.url}/en/")
        (self.work / "static" / "bench").mkdir()
        (self.work / "static" / "bench" / "home.html").write_bytes(self.home)
        self.cached = servers.enter_context(self.serving("cached"))
        self.uncached = servers.enter_context(self.serving("uncached", PAGE_CACHE="off"))
        self.static_url = f"{self.cached.url}/static/bench/home.html"
        assert fetch(self.static_url) == (200, self.home)


def search_databases(work, name="search"):
    """(backend, DATABASE_URL) of the throwaway databases the search is measured on."""
    yield "SQLite", f"sqlite:///{work / f'{name}.sqlite3'}"
    services = os.environ.get("DATABASE_URL", "")
    if os.environ.get("SERVICES_PG_CTL") and services.startswith("postgres"):
        # A database of its own in scripts/with-services' throwaway cluster.
        import psycopg

        with psycopg.connect(services, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS into_eu_{name}_bench")
            connection.execute(f"CREATE DATABASE into_eu_{name}_bench")
        yield "PostgreSQL", services.rsplit("/", 1)[0] + f"/into_eu_{name}_bench"
    else:
        print(f"{name} on PostgreSQL not measured: run beside scripts/with-services")


def measure_search(site, work, script):
    """Rows of (backend, language, query, stats) at SEARCH_ITEMS items."""
    rows = []
    for backend, database_url in search_databases(work):
        env = {**site.env, "DATABASE_URL": database_url, "PAGE_CACHE": "off"}
        for command in (
            ["migrate", "--noinput"],
            ["make_search_corpus", f"--items={SEARCH_ITEMS}"],
        ):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=site.code, env=env, check=True,
                capture_output=True,
            )  # fmt: skip
        server = running_gunicorn(
            env,
            ["--workers", "2", "--worker-class", "sync", "--no-control-socket"],
            log=work / f"gunicorn-search-{backend}.log",
            cwd=site.code,
        )
        with server as search_server:
            urls = [
                f"{search_server.url}/{lang}/search/?{urllib.parse.urlencode({'q': query})}"
                for lang, query in SEARCH_QUERIES
            ]
            for url in urls:
                assert fetch(url)[0] == 200, url
                wrk(url, str(script), duration=1, threads=1, connections=1)
            for (lang, query), url in zip(SEARCH_QUERIES, urls, strict=True):
                stats = wrk(url, str(script), threads=1, connections=1)
                rows.append((backend, lang, query, stats))
    return rows


ALERT_SUBSCRIBERS = 10_000
ALERT_SAVE_MS = 200


class Sink:
    """An SMTP server that counts what it accepts."""

    def __init__(self):
        self.count = 0
        self.last = None

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        self.last = time.perf_counter()
        return "250 OK"


def measure_alerts(site, work):
    """Rows of (backend, subscribers, median save ms, mails, seconds) per database."""
    from aiosmtpd.controller import Controller

    rows = []
    for backend, database_url in search_databases(work, "alerts"):
        env = {**site.env, "DATABASE_URL": database_url}
        for command in (["migrate", "--noinput"], ["load_content"]):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=site.code, env=env, check=True,
                capture_output=True,
            )  # fmt: skip
        saved = subprocess.run(
            [PYTHON, "manage.py", "bench_alerts", f"--subscribers={ALERT_SUBSCRIBERS}"],
            cwd=site.code, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        result = json.loads(saved.stdout.strip().splitlines()[-1])
        sink = Sink()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        worker_env = {**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
        command = [PYTHON, "manage.py", "db_worker", "--batch", "--no-reload", "-v", "0"]
        started = time.perf_counter()
        workers = [subprocess.Popen(command, cwd=site.code, env=worker_env) for _worker in range(2)]
        for worker in workers:
            worker.wait()
        controller.stop()
        seconds = (sink.last or time.perf_counter()) - started
        rows.append((backend, result["subscribers"], result["save_ms_median"], sink.count, seconds))
    return rows


def print_alerts(rows):
    print(f"\nalerts to {ALERT_SUBSCRIBERS:,} subscribers (admin save; worker: 2 processes):")
    print(f"  {'backend':<12}{'save ms':>9}{'mails':>8}{'seconds':>9}{'mails/s':>9}")
    missed = []
    for backend, subscribers, save_ms, mails, seconds in rows:
        print(f"  {backend:<12}{save_ms:>9.0f}{mails:>8}{seconds:>9.1f}{mails / seconds:>9.0f}")
        if save_ms >= ALERT_SAVE_MS:
            missed.append(f"alerts: admin save {save_ms:.0f} ms on {backend}")
        if mails != subscribers:
            missed.append(f"alerts: {mails} mails to {subscribers} subscribers on {backend}")
    return missed


def print_search(rows):
    print(f"\nsearch at {SEARCH_ITEMS:,} items × 5 languages (one connection, uncached):")
    header = f"  {'backend':<12}{'lang':<6}{'query':<22}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}"
    print(header + f"{'non-2xx':>9}")
    missed = []
    for backend, lang, query, stats in rows:
        print(
            f"  {backend:<12}{lang:<6}{query:<22}{stats['rps']:>8.0f}{stats['p50']:>9.1f}"
            f"{stats['p99']:>9.1f}{stats['non2xx']:>9}"
        )
        if stats["p99"] >= SEARCH_P99_MS:
            missed.append(f"search {query!r} ({lang}, {backend}) p99 {stats['p99']:.0f} ms")
        if stats["non2xx"] or stats["errors"]:
            missed.append(f"search {query!r} ({lang}, {backend}): not answered 200")
    return missed


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: install Debian's package wrk")
    work = Path(tempfile.mkdtemp(prefix="into-eu-bench."))
    script = work / "count.lua"
    script.write_text(LUA)
    sites = [Site("this", ROOT, work / "this")]
    servers = ExitStack()
    try:
        for number, ref in enumerate(BASELINES):
            export(ref, work / f"baseline-{number}")
            sites.append(Site(ref[:12], work / f"baseline-{number}", work / f"data-{number}"))
        for site in sites:
            site.prepare()
            site.start(servers)

        # A second of load on every address first, not counted: each worker has then
        # compiled its templates and filled its memos, as a server that has been up for
        # a while has.
        for site in sites:
            for url in [site.static_url] + [
                f"{server.url}{path.format(lang=lang)}"
                for _name, path in PAGES
                for lang in LANGUAGES
                for server in (site.cached, site.uncached)
            ]:
                wrk(url, str(script), duration=1)

        rows = []
        for name, path in PAGES:
            for lang in LANGUAGES:
                for site in sites:
                    # Each page is compared with the static file measured just before it,
                    # so that other work on the machine weighs on both alike.
                    static = wrk(site.static_url, str(script))
                    rows.append(
                        (
                            site.label,
                            "static file (WhiteNoise)",
                            "",
                            "",
                            len(site.home),
                            static,
                            static,
                        )
                    )
                    url_path = path.format(lang=lang)
                    for mode, server in (("cached", site.cached), ("uncached", site.uncached)):
                        url = f"{server.url}{url_path}"
                        _status, body = fetch(url)  # warms the cache
                        stats = wrk(url, str(script))
                        rows.append((site.label, name, lang, mode, len(body), stats, static))
        rows += measure_edge(sites[0], work, script)
        search_rows = measure_search(sites[0], work, script)
        alert_rows = measure_alerts(sites[0], work)
    except ServerDidNotStart as error:
        raise SystemExit(str(error)) from None
    finally:
        servers.close()
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nwrk: 2 threads, {CONNECTIONS} connections, {DURATION} s per line; gunicorn: ", end="")
    print(f"2 sync workers, production settings; nginx: {os.cpu_count()} workers, HTTPS; ", end="")
    print(f"{os.cpu_count()} CPUs\n")
    header = f"{'code':<14}{'page':<26}{'lang':<6}{'mode':<10}{'bytes':>7}{'req/s':>9}"
    header += f"{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'errors':>8}{'× static':>10}"
    print(header)
    print("-" * len(header))
    missed, failed = [], False
    for label, name, lang, mode, size, stats, static in rows:
        ratio = stats["rps"] / static["rps"]
        print(
            f"{label:<14}{name:<26}{lang:<6}{mode:<10}{size:>7}{stats['rps']:>9.0f}"
            f"{stats['p50']:>9.1f}{stats['p99']:>9.1f}{stats['non2xx']:>9}{stats['errors']:>8}"
            f"{ratio:>10.2f}"
        )
        where = f"{name} ({lang}, {mode or 'static'}, {label})"
        if label == "this" and mode and ratio < TARGETS[mode]:
            missed.append(f"{where} at {ratio:.2f} × static")
        failed = failed or bool(stats["non2xx"] or stats["errors"])
        if stats["non2xx"]:
            missed.append(f"{where}: {stats['non2xx']} non-2xx")
        if stats["errors"]:
            # Socket errors and wrk's 2 s timeouts: a machine too busy to measure on.
            missed.append(f"{where}: {stats['errors']} errors")
    for baseline in sites[1:]:
        print_comparison(rows, sites[0].label, baseline.label)
    missed += print_search(search_rows)
    missed += print_alerts(alert_rows)
    failed = failed or any(stats["non2xx"] or stats["errors"] for *_row, stats in search_rows)
    print(
        "targets: cached ≥ 0.90 × static, uncached ≥ 0.10 × static (both gunicorn); "
        "through nginx's cache ≥ 0.80 × static through nginx; "
        f"search p99 < {SEARCH_P99_MS} ms per query; admin save < {ALERT_SAVE_MS} ms with "
        f"{ALERT_SUBSCRIBERS:,} subscribers, one mail each; no non-2xx"
    )
    print("missed: " + "; ".join(missed) if missed else "all targets met")
    # Speed depends on the machine and on what else runs on it: the ratios are shown, not
    # enforced. Answers other than 2xx mean something is broken.
    return 1 if failed else 0


def print_comparison(rows, this, baseline):
    """Requests/s of this code against a baseline's, line by line, and on average (the
    static file, measured before every page, as the mean of its runs)."""
    runs = {}
    for label, name, lang, mode, _size, stats, _static in rows:
        runs.setdefault((name, lang, mode), {}).setdefault(label, []).append(stats["rps"])
    print(f"\nthis code against {baseline} (req/s, same run):")
    changes = {}
    for (name, lang, mode), by_code in runs.items():
        if baseline not in by_code:
            continue  # measured on this code only (the nginx section)
        before = sum(by_code[baseline]) / len(by_code[baseline])
        after = sum(by_code[this]) / len(by_code[this])
        changes.setdefault(mode or "static", []).append(after / before)
        print(f"  {name:<26}{lang:<6}{mode or 'static':<10}{before:>8.0f} → {after:>6.0f}"
              f"  ({after / before - 1:+.0%})")  # fmt: skip
    for mode, ratios in changes.items():
        print(f"  mean change, {mode}: {sum(ratios) / len(ratios) - 1:+.1%}")


if __name__ == "__main__":
    sys.exit(main())
