"""nginx with deploy/nginx.conf filled in, on free loopback ports, for the topology tests
and `make bench`.

`running_nginx()` fills the template's ${…} placeholders as envsubst would (README,
"Deploying"), wraps it in a cut-down copy of Debian's /etc/nginx/nginx.conf whose every
file lives in one folder (nothing under /var), makes a throwaway self-signed certificate
for the site's name, checks the result with `nginx -t`, and runs nginx in the foreground
until the block ends.
"""

import os
import re
import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from tools.gunicorn_server import ServerDidNotStart, free_port, stop, wait_until

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")

MAIN_CONFIG = """\
{user}
worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/into-eu.conf;
{extra}
}}
"""


def fill_template(template, values):
    """deploy/nginx.conf with each ${NAME} replaced, as envsubst with the explicit list of
    names in the README does; nginx's own $variables stay."""
    names = set(PLACEHOLDER.findall(template))
    assert names == set(values), f"placeholders {sorted(names)} ≠ values {sorted(values)}"
    return PLACEHOLDER.sub(lambda match: values[match[1]], template)


def ipv6_loopback():
    """[::1] where this machine has IPv6; else a second IPv4 loopback address, so that the
    template's IPv6 listen lines still have an address of their own."""
    try:
        free_port("::1")
    except OSError:
        return "127.0.0.3"
    return "[::1]"


class NginxServer(NamedTuple):
    http_port: int
    https_port: int
    folder: Path
    certificate: Path  # self-signed, for the site's name

    @property
    def cache(self):
        """Where nginx keeps the pages of its edge cache."""
        return self.folder / "cache"


@contextmanager
def running_nginx(
    nginx, openssl, folder, *, host, upstreams, media_root, error_pages, workers=1, extra=""
):
    """nginx with deploy/nginx.conf for `host` in front of `upstreams` ("127.0.0.1:8000"…),
    in the foreground, stopped on exit. `error_pages` is the folder `manage.py
    write_error_pages` filled; `extra` goes into the http block (another server, say)."""
    folder = Path(folder)
    folder.chmod(0o755)
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", f"/CN={host}", "-addext", f"subjectAltName=DNS:{host}",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    ports = {"HTTP_PORT": free_port(), "HTTPS_PORT": free_port()}
    site_config = fill_template(
        (ROOT / "deploy" / "nginx.conf").read_text(),
        {
            "SERVER_NAME": host,
            "LISTEN_ADDRESS": "127.0.0.1",
            "LISTEN_ADDRESS_V6": ipv6_loopback(),
            **{name: str(port) for name, port in ports.items()},
            "UPSTREAM_SERVERS": " ".join(f"server {upstream};" for upstream in upstreams),
            "SSL_CERTIFICATE": str(certificate),
            "SSL_CERTIFICATE_KEY": str(key),
            "MEDIA_ROOT": str(media_root),
            "CACHE_PATH": str(folder / "cache"),
            "ERROR_PAGES": str(error_pages),
        },
    )
    (folder / "into-eu.conf").write_text(site_config)
    # nginx started by root runs its workers as an unprivileged user, as Debian's does.
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    main_config = MAIN_CONFIG.format(folder=folder, user=user, workers=workers, extra=extra)
    (folder / "nginx.conf").write_text(main_config)
    command = [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    command += ["-e", str(folder / "error.log")]
    checked = subprocess.run(command + ["-t"], capture_output=True, text=True)
    assert checked.returncode == 0, f"nginx -t refused the filled template:\n{checked.stderr}"
    with (folder / "stdout.log").open("w") as log:
        server = subprocess.Popen(
            command + ["-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT
        )
    try:
        running = NginxServer(ports["HTTP_PORT"], ports["HTTPS_PORT"], folder, certificate)
        try:
            wait_until(
                lambda: (
                    socket.create_connection(("127.0.0.1", running.https_port), 1).close() or True
                ),
                "nginx",
                server,
                20,
            )
        except ServerDidNotStart as error:
            raise AssertionError(f"{error}:\n{(folder / 'error.log').read_text()}") from None
        yield running
    finally:
        stop(server, seconds=10)
