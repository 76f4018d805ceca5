"""`make bench`: requests per second of public pages against a static file, with wrk.

Two gunicorn servers with production settings and two sync workers each run on
loopback from a throwaway copy of the site (its own SQLite database and static folder):
one with the page cache, one with PAGE_CACHE=off. Only one is measured at a time. The
static file is a copy of the English home page, so both answers have the same size,
served by WhiteNoise from the cached server.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
TARGETS = {"cached": 0.7, "uncached": 0.10}
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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def wait_until_up(port):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if fetch(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn on port {port} did not start")


def wrk(url, script, duration=DURATION):
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "-H", PROXY_HEADER, "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    )
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    stats["rps"] = stats["requests"] / stats["seconds"]
    return stats


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: install Debian's package wrk")
    work = Path(tempfile.mkdtemp(prefix="into-eu-bench."))
    env = {
        **os.environ,
        "PRODUCTION": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "STATIC_ROOT": str(work / "static"),
        "DJANGO_SETTINGS_MODULE": "into_eu.settings",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    manage = [PYTHON, "manage.py"]
    for command in (["migrate", "--noinput"], ["load_content"], ["collectstatic", "--noinput"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    script = work / "count.lua"
    script.write_text(LUA)

    servers = []

    def start(port, **extra):
        log = (work / f"gunicorn-{port}.log").open("w")
        servers.append(
            subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "into_eu.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", "2", "--worker-class", "sync", "--no-control-socket",
                 "--access-logfile", str(work / f"access-{port}.log")],
                cwd=ROOT, env={**env, **extra}, stdout=log, stderr=subprocess.STDOUT,
            )
        )  # fmt: skip
        wait_until_up(port)

    cached_port, uncached_port = free_port(), free_port()
    try:
        # The static twin of the home page must exist before WhiteNoise scans the folder.
        start(cached_port)
        _status, home = fetch(f"http://127.0.0.1:{cached_port}/en/")
        (work / "static" / "bench").mkdir()
        (work / "static" / "bench" / "home.html").write_bytes(home)
        servers.pop().terminate()
        start(cached_port)
        start(uncached_port, PAGE_CACHE="off")
        static_url = f"http://127.0.0.1:{cached_port}/static/bench/home.html"
        assert fetch(static_url) == (200, home)

        # A second of load on every address first, not counted: each worker has then
        # compiled its templates and filled its memos, as a server that has been up for
        # a while has.
        for url in [static_url] + [
            f"http://127.0.0.1:{port}{path.format(lang=lang)}"
            for _name, path in PAGES
            for lang in LANGUAGES
            for port in (cached_port, uncached_port)
        ]:
            wrk(url, str(script), duration=1)

        rows = []
        for name, path in PAGES:
            for lang in LANGUAGES:
                # Each page is compared with the static file measured just before it, so
                # that other work on the machine weighs on both alike.
                static = wrk(static_url, str(script))
                rows.append(("static file (WhiteNoise)", "", "", len(home), static, static))
                url_path = path.format(lang=lang)
                for mode, port in (("cached", cached_port), ("uncached", uncached_port)):
                    url = f"http://127.0.0.1:{port}{url_path}"
                    _status, body = fetch(url)  # warms the cache
                    rows.append((name, lang, mode, len(body), wrk(url, str(script)), static))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nwrk: 2 threads, {CONNECTIONS} connections, {DURATION} s per line; gunicorn: ", end="")
    print(f"2 sync workers, production settings; {os.cpu_count()} CPUs\n")
    header = f"{'page':<26}{'lang':<6}{'mode':<10}{'bytes':>7}{'req/s':>9}"
    header += f"{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'errors':>8}{'× static':>10}"
    print(header)
    print("-" * len(header))
    missed, failed = [], False
    for name, lang, mode, size, stats, static in rows:
        ratio = stats["rps"] / static["rps"]
        print(
            f"{name:<26}{lang:<6}{mode:<10}{size:>7}{stats['rps']:>9.0f}{stats['p50']:>9.1f}"
            f"{stats['p99']:>9.1f}{stats['non2xx']:>9}{stats['errors']:>8}{ratio:>10.2f}"
        )
        if mode and ratio < TARGETS[mode]:
            missed.append(f"{name} ({lang}, {mode}) at {ratio:.2f} × static")
        failed = failed or bool(stats["non2xx"] or stats["errors"])
        if stats["non2xx"]:
            missed.append(f"{name} ({lang}, {mode or 'static'}): {stats['non2xx']} non-2xx")
        if stats["errors"]:
            # Socket errors and wrk's 2 s timeouts: a machine too busy to measure on.
            missed.append(f"{name} ({lang}, {mode or 'static'}): {stats['errors']} errors")
    print("targets: cached ≥ 0.70 × static, uncached ≥ 0.10 × static, no non-2xx")
    print("missed: " + "; ".join(missed) if missed else "all targets met")
    # Speed depends on the machine and on what else runs on it: the ratios are shown, not
    # enforced. Answers other than 2xx mean something is broken.
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
