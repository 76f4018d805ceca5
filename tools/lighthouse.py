"""Lighthouse scores for the main pages, as `make lighthouse` prints them.

Serves the site with gunicorn on a free loopback port from a throw-away SQLite database
holding the real content, audits each page with Lighthouse 12 (mobile, simulated slow
4G) in Debian's Chromium, prints the four category scores and every audit that cost
points, stops the server, and exits non-zero when a score is below its target.
The full reports are kept in artifacts/lighthouse/.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# tools/ is on the path when this script runs.
from chromium import CHROMIUM_ARGS
from gunicorn_server import ServerDidNotStart, running_gunicorn

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "artifacts" / "lighthouse"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "/{language}/",
    "partner": "/{language}/partners/durres/",
    "meeting": "/{language}/meetings/local-durres-2016-07-28/",
    "announcement": "/{language}/announcements/durres-local-meeting-2016-07-28/",
    "press": "/{language}/press/",
}
LANGUAGES = ["sq", "el"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# As for the browser tests (see PITFALLS.md).
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])


# Lighthouse sometimes loses the trace of a page load on a busy machine and says so
# ("Something went wrong with recording the trace … Please run Lighthouse again."):
# it is run again, at most this many times in all.
ATTEMPTS = 3


def audit(url, name):
    """Run Lighthouse on one URL; its JSON report, also saved beside an HTML one."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, ATTEMPTS + 1):
        done = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--output=json",
                "--output=html",
                f"--output-path={REPORTS / name}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")},
            stderr=subprocess.PIPE,
            text=True,
        )
        if done.returncode == 0:
            return json.loads((REPORTS / f"{name}.report.json").read_text())
        sys.stderr.write(done.stderr)
        if "run Lighthouse again" not in done.stderr or attempt == ATTEMPTS:
            raise SystemExit(f"Lighthouse failed on {url} (attempt {attempt})")


def lost_points(report, category):
    """The audits of a category that did not pass, with their titles."""
    audits = report["audits"]
    return [
        f"{ref['id']}: {audits[ref['id']]['title']}"
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and (audits[ref["id"]]["score"] or 0) < 1
        and audits[ref["id"]]["scoreDisplayMode"] in {"binary", "numeric", "metricSavings"}
    ]


def main():
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: run `npm ci` (make lighthouse does).")
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/lighthouse.sqlite3",
            "DJANGO_SETTINGS_MODULE": "into_eu.settings",
            # Quiet: /robots.txt answers 404 until the site has one.
            "LOG_LEVEL": "ERROR",
        }
        for command in (["migrate", "--noinput"], ["load_content"]):
            subprocess.run(
                [python, "manage.py", *command, "-v0"],
                env=env,
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        arguments = ["--workers", "2", "--no-control-socket", "--log-level", "warning"]
        try:
            with running_gunicorn(env, arguments, seconds=30) as site:
                reports = {
                    f"{language}-{name}": audit(
                        site.url + path.format(language=language), f"{language}-{name}"
                    )
                    for language in LANGUAGES
                    for name, path in PAGES.items()
                }
        except ServerDidNotStart as error:
            sys.exit(str(error))

    print(f"\n{'page':<18}" + "".join(f"{category:>16}" for category in TARGETS))
    short = []
    for name, report in reports.items():
        scores = {c: round(report["categories"][c]["score"] * 100) for c in TARGETS}
        print(f"{name:<18}" + "".join(f"{scores[c]:>16}" for c in TARGETS))
        for category, target in TARGETS.items():
            if scores[category] < target:
                short.append(f"{name} {category} {scores[category]} < {target}")
            for item in lost_points(report, category):
                print(f"    {category}: {item}")
    print(f"\ntargets: {', '.join(f'{c} ≥ {t}' for c, t in TARGETS.items())}; reports in {REPORTS}")
    if short:
        sys.exit("below target: " + "; ".join(short))


if __name__ == "__main__":
    main()
