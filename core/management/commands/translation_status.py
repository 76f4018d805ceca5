from django.core.management.base import BaseCommand, CommandError

from core.translation_status import LANGUAGE_CODES, report, translated_models


class Command(BaseCommand):
    help = (
        "Count translated fields that have text in some language but not in another; "
        "exit with status 1 when any is missing."
    )

    def handle(self, *args, **options):
        rows = report(model.objects.all() for model in translated_models())
        totals = dict.fromkeys(LANGUAGE_CODES, 0)
        for obj, _url, missing in rows:
            for code, fields in missing.items():
                totals[code] += len(fields)
                label = f"{obj._meta.verbose_name}: {obj}"
                self.stdout.write(f"  {code}  {label}  ({', '.join(fields)})")
        for code in LANGUAGE_CODES:
            self.stdout.write(f"{code}: {totals[code]} missing")
        if any(totals.values()):
            raise CommandError(f"{sum(totals.values())} translations are missing.", returncode=1)
