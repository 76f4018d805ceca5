"""The production process: gunicorn's configuration and its JSON logs on stdout."""

import json
import logging
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from into_eu.logs import JsonFormatter

from .test_security import production_env

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_runs_from_its_config_and_logs_json_lines(tmp_path):
    port = free_port()
    env = production_env(
        PORT=str(port), WEB_CONCURRENCY="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db'}"
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "into_eu.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                probe = urllib.request.Request(
                    f"http://127.0.0.1:{port}/healthz", headers={"Host": "into-eu.example.org"}
                )
                with urllib.request.urlopen(probe, timeout=5) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert all({"time", "level", "logger"} <= set(line) for line in lines)
    booted = [line for line in lines if line.get("message", "").startswith("Booting worker")]
    assert len(booted) == 1
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert [(a["method"], a["path"], a["status"]) for a in access] == [("GET", "/healthz", 200)]


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
