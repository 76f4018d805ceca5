"""The shipped press coverage (content/coverage/); see core's load_content."""

import datetime as dt

from .models import Coverage


def coverage_fields(data):
    if isinstance(data.get("published_on"), str):
        data["published_on"] = dt.date.fromisoformat(data["published_on"])
    return data


KINDS = [("coverage", Coverage, "slug", coverage_fields)]
