from django.core.checks import Tags, Warning, register
from django.db import connections

# Under the C locale PostgreSQL's text parser takes every non-ASCII character for a
# letter: "«Aragosta»" becomes one word with its quotes, and is never found.
BLIND_LOCALES = {"C", "POSIX"}


@register(Tags.database)
def database_locale(databases=None, **kwargs):
    warnings = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('lc_ctype')")
            (ctype,) = cursor.fetchone()
        if ctype in BLIND_LOCALES:
            warnings.append(
                Warning(
                    f"The database {alias!r} has LC_CTYPE {ctype}: the search cannot tell "
                    "letters from punctuation beyond ASCII.",
                    hint="Create the database with a UTF-8 locale, e.g. "
                    "initdb --locale=C.UTF-8 or CREATE DATABASE … LC_CTYPE 'C.UTF-8'.",
                    id="search.W001",
                )
            )
    return warnings
