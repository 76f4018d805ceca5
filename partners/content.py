"""The shipped partners (content/partners/); see core's load_content."""

from .models import Partner

KINDS = [("partners", Partner, "slug", lambda data: data)]
