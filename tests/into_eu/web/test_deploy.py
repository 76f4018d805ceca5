"""The production process: gunicorn's configuration and its JSON logs on stdout; what the
nginx template and the settings must agree on."""

import io
import json
import logging
import os
import runpy
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from into_eu.web.logs import JsonFormatter
from tests.helpers import ROOT, production_env
from tools.gunicorn_server import running_gunicorn


def test_gunicorn_runs_from_its_config_and_logs_json_lines(tmp_path):
    env = production_env(WEB_CONCURRENCY="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db'}")
    log = tmp_path / "gunicorn.log"
    with running_gunicorn(env, host="into-eu.example.org", log=log):
        pass  # up: its /healthz has answered once, and it stops on leaving
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    assert all({"time", "level", "logger"} <= set(line) for line in lines)
    booted = [line for line in lines if line.get("message", "").startswith("Booting worker")]
    assert len(booted) == 1
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert [(a["method"], a["path"], a["status"]) for a in access] == [("GET", "/healthz", 200)]


@pytest.mark.parametrize(
    "environment, log_format",
    [
        ({"PRODUCTION": "true"}, "json"),
        ({"PRODUCTION": "1"}, "json"),
        ({"PRODUCTION": " Yes "}, "json"),
        ({"PRODUCTION": "on"}, "json"),
        ({"PRODUCTION": "false"}, "text"),
        ({"PRODUCTION": "0"}, "text"),
        ({}, "text"),
        ({"PRODUCTION": "1", "LOG_FORMAT": "text"}, "text"),
        ({"LOG_FORMAT": "json"}, "json"),
    ],
)
def test_gunicorn_and_django_log_alike_however_production_is_spelled(
    monkeypatch, environment, log_format
):
    for name in ("PRODUCTION", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    django = runpy.run_path(str(ROOT / "into_eu" / "settings.py"))
    gunicorn = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert django["LOG_FORMAT"] == log_format
    json_logger = "into_eu.web.logs.GunicornJsonLogger"
    assert gunicorn.get("logger_class") == (json_logger if log_format == "json" else None)


def test_django_errors_are_one_json_line_with_the_trace_inside():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x",),
            sys.exc_info(),
        )  # fmt: skip
    record.status_code = 500
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Internal Server Error: /x"
    assert entry["status"] == 500
    assert entry["exception"].endswith("ValueError: boom")


def check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("client_ip_header", ["HTTP_X_REAL_IP", "REMOTE_ADDR"])
def test_check_deploy_with_production_settings_prints_no_warning(client_ip_header):
    result = check_deploy(production_env(CLIENT_IP_HEADER=client_ip_header))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_warns_when_mails_would_link_to_a_plain_http_address():
    result = check_deploy(production_env(SITE_URL="http://into-eu.example.org"))
    assert "into_eu.W003" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "secret_key",
    [None, settings.DEVELOPMENT_SECRET_KEY, secrets.token_urlsafe(50)[:49]],
    ids=["missing", "development key", "49 characters"],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret_key):
    env = production_env()
    del env["SECRET_KEY"]
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    result = check_deploy(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: PRODUCTION=true needs SECRET_KEY" in result.stderr


def test_check_deploy_refuses_the_development_key_without_production_too():
    env = production_env(PRODUCTION="false")
    del env["SECRET_KEY"]
    result = check_deploy(env)
    assert result.returncode != 0
    assert "into_eu.E001" in result.stderr


@pytest.mark.parametrize(
    "client_ip_header, warning",
    [("", "into_eu.W001"), ("X-Real-IP", "into_eu.W002")],
    ids=["unset", "not a META name"],
)
def test_check_deploy_warns_when_the_client_address_source_is_not_set(client_ip_header, warning):
    result = check_deploy(production_env(CLIENT_IP_HEADER=client_ip_header))
    assert result.returncode != 0
    assert f"({warning}) CLIENT_IP_HEADER" in result.stderr
    assert "CLIENT_IP_HEADER=REMOTE_ADDR" in result.stderr  # the hint for "no proxy"


@pytest.mark.parametrize(
    "env, warned",
    [({}, True), ({"DEBUG": "true"}, False), ({"SECRET_KEY": secrets.token_urlsafe(50)}, False)],
    ids=["default key", "debug", "own key"],
)
def test_a_start_without_debug_warns_of_the_development_key(env, warned):
    unset = {"SECRET_KEY", "PRODUCTION", "DEBUG", "LOG_FORMAT"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [sys.executable, "-c", "import into_eu.wsgi"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "into_eu.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    count = result.stdout.count("WARNING into_eu: INSECURE: SECRET_KEY is the built-in")
    assert count == (1 if warned else 0), result.stdout


def test_the_nginx_template_agrees_with_the_settings():
    """What deploy/nginx.conf names by hand: the session cookie that keeps editors out of
    the edge cache, and the languages of the "temporarily unavailable" pages."""
    template = (ROOT / "deploy" / "nginx.conf").read_text()
    assert f"proxy_cache_bypass $cookie_{settings.SESSION_COOKIE_NAME};" in template
    assert f"proxy_no_cache $cookie_{settings.SESSION_COOKIE_NAME} " in template
    codes = "|".join(code for code, _name in settings.LANGUAGES)
    assert f"~^/({codes})/ $1;\n    default {settings.LANGUAGE_CODE};" in template


def test_the_unavailable_pages_are_written_in_every_language(tmp_path):
    call_command("write_error_pages", str(tmp_path), stdout=io.StringIO())
    for code, _name in settings.LANGUAGES:
        html = (tmp_path / f"503.{code}.html").read_text()
        assert f'<html lang="{code}"' in html
        with translation.override(code):
            assert translation.gettext("Temporarily unavailable") in html
