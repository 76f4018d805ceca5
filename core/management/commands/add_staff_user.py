import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a staff account (or update an existing one) and put it in a group, e.g. "
        '"Project editors", "Translators" or "Partner editors: durres". The password is '
        "asked for, or read from the STAFF_PASSWORD environment variable."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--group", required=True, help="name of an existing group")

    def handle(self, *args, username, email, group, **options):
        try:
            group = Group.objects.get(name=group)
        except Group.DoesNotExist:
            names = ", ".join(Group.objects.order_by("name").values_list("name", flat=True))
            raise CommandError(f"No group {group!r}. Groups: {names}") from None
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        user.email = email or user.email
        user.is_staff = True
        password = os.environ.get("STAFF_PASSWORD") or self.ask_password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        user.groups.add(group)
        self.stdout.write(f"{username} is staff and in {group.name!r}.")

    def ask_password(self):
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return first
