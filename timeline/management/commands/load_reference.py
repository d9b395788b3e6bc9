from django.core.management.base import BaseCommand

from timeline.reference import load_reference


class Command(BaseCommand):
    help = "Load countries, leaders and topics shipped with the app (safe to run again)."

    def handle(self, *args, **options) -> None:
        counts = load_reference()
        self.stdout.write(
            "created {countries} countries, {leaders} leaders, {topics} topics".format(**counts)
        )
