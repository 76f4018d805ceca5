"""The memoised reverse and `{% url %}` answer exactly as Django's own, in every language."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from core import reversing
from tests.helpers import LANGUAGES

CASES = [
    ("home", (), None),
    ("meetings:list", (), None),
    ("meetings:detail", (), {"slug": "local-durres-2016-07-28"}),
    ("meetings:meeting-calendar", ("local-durres-2016-07-28",), None),
    ("partners:detail", (), {"slug": "durres"}),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_reverse_matches_django_in_each_language(language):
    with translation.override(language):
        for name, args, kwargs in CASES:
            expected = reverse(name, args=args, kwargs=kwargs)
            assert expected.startswith(f"/{language}/")
            # Twice: the second answer comes from memory.
            assert reversing.reverse(name, args, kwargs) == expected
            assert reversing.reverse(name, args, kwargs) == expected


def test_reverse_follows_the_script_prefix():
    with translation.override("en"):
        assert reversing.reverse("home") == "/en/"
        set_script_prefix("/site/")
        try:
            assert reversing.reverse("home") == "/site/en/"
        finally:
            set_script_prefix("/")


def test_url_in_templates_matches_django_and_keeps_its_errors():
    engine = engines["jinja2"]
    ours = engine.from_string('{{ url("meetings:detail", slug=slug) }}|{{ url("home") }}')
    for language in LANGUAGES:
        with translation.override(language):
            expected = reverse("meetings:detail", kwargs={"slug": "international-4-teruel"})
            expected += "|" + reverse("home")
            assert ours.render({"slug": "international-4-teruel"}) == expected
    with pytest.raises(NoReverseMatch):
        engine.from_string('{{ url("no-such-page") }}').render({})
