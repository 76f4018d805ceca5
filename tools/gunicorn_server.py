"""The site under gunicorn on a free loopback port, for the tests, `make bench` and
`make lighthouse`.

`running_gunicorn()` starts `python -m gunicorn into_eu.wsgi` from the project folder, so
gunicorn reads gunicorn.conf.py as in production and binds to 127.0.0.1:$PORT; it returns
once /healthz answers 200 and stops the server on exit.
"""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Loopback needs no proxy, whatever http_proxy says.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServerDidNotStart(RuntimeError):
    pass


def free_port(address="127.0.0.1"):
    """A port nothing listens on at this moment."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family) as sock:
        sock.bind((address, 0))
        return sock.getsockname()[1]


def wait_until(answers, what, process=None, seconds=60):
    """Returns once `answers()` is true; a refused or dropped connection means "not yet".
    Raises ServerDidNotStart after `seconds`, or as soon as `process` has exited."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if answers():
                return
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            raise ServerDidNotStart(f"{what} stopped with exit code {process.returncode}")
        if time.monotonic() > deadline:
            raise ServerDidNotStart(f"{what} did not answer within {seconds} s")
        time.sleep(0.2)


def stop(process, seconds=30):
    """SIGTERM lets gunicorn finish the requests in hand; SIGKILL if it takes too long."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Gunicorn:
    def __init__(self, port, process, log):
        self.port, self.process, self.log = port, process, log
        self.url = f"http://127.0.0.1:{port}"

    def output(self):
        """What the server wrote to stdout and stderr so far (with `log` given)."""
        return self.log.read_text() if self.log else ""

    def healthy(self, host):
        probe = urllib.request.Request(f"{self.url}/healthz", headers={"Host": host})
        try:
            with DIRECT.open(probe, timeout=5) as response:
                return response.status == 200
        except urllib.error.HTTPError as error:
            # The server is up but refuses: waiting will not change the answer.
            raise ServerDidNotStart(f"gunicorn answered /healthz with {error.code}") from None


@contextmanager
def running_gunicorn(env, args=(), *, host="127.0.0.1", log=None, seconds=60, cwd=ROOT):
    """gunicorn with the environment `env` and the command-line `args` (`--workers 2`),
    started from `cwd`, whose gunicorn.conf.py must bind to $PORT (ours does).

    `host` goes in the Host header of the probe: one of the server's ALLOWED_HOSTS.
    The server's stdout and stderr go to the file `log` when given (its tail is in the
    error when the server does not come up), else to ours.
    """
    port = free_port()
    env = {name: value for name, value in env.items() if name != "BIND"}
    env["PORT"] = str(port)
    command = [sys.executable, "-m", "gunicorn", "into_eu.wsgi", *args]
    log = Path(log) if log else None
    if log:
        with log.open("w") as output:
            process = subprocess.Popen(
                command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
            )
    else:
        process = subprocess.Popen(command, cwd=cwd, env=env)
    server = Gunicorn(port, process, log)
    try:
        try:
            wait_until(lambda: server.healthy(host), "gunicorn", process, seconds)
        except ServerDidNotStart as error:
            stop(process)  # its output is complete once it has stopped
            if not log:
                raise ServerDidNotStart(f"{error}; its output is above") from None
            tail = "\n".join(server.output().splitlines()[-40:])
            raise ServerDidNotStart(f"{error}; the end of {log}:\n{tail}") from None
        yield server
    finally:
        stop(process)
