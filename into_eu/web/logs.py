"""One JSON object per log line on stdout, for Django's logs and gunicorn's alike."""

import datetime as dt
import json
import logging

from gunicorn import glogging

# gunicorn's access-log atoms, under names a log search understands.
ACCESS_FIELDS = {
    "h": "remote",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "f": "referer",
    "a": "user_agent",
}
NUMBERS = {"status", "bytes", "duration_ms"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            for atom, name in ACCESS_FIELDS.items():
                value = record.args.get(atom, "-")
                if name in NUMBERS:
                    value = int(value) if str(value).isdigit() else None
                entry[name] = value
        else:
            entry["message"] = record.getMessage()
        status = getattr(record, "status_code", None)
        if status:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class GunicornJsonLogger(glogging.Logger):
    """gunicorn's own logger, writing JSON lines (gunicorn.conf.py selects it)."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())
