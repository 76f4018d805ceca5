"""The shipped project pages (content/pages/); see core's load_content."""

from .models import Page

KINDS = [("pages", Page, "key", lambda data: data)]
