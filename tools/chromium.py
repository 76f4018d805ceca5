"""How Debian's Chromium is started here, by the browser tests and by `make lighthouse`."""

# Root in a container, on a machine whose network is closed: no sandbox, no GPU, and
# none of the background calls to Google that would only fail and log errors.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
