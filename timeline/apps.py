from django.apps import AppConfig
from django.db import connection
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _keep_tallies(sender, **kwargs) -> None:
    # SQLite drops a table's triggers when a migration rebuilds the table, and a flush empties
    # the contacts under them: put the triggers back and recount, whenever either happened.
    from timeline import tallies

    if tallies.MONTH.name in connection.introspection.table_names():  # not migrated to zero
        tallies.ensure()


class TimelineConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "timeline"
    verbose_name = _("Leader contacts")

    def ready(self) -> None:
        post_migrate.connect(_keep_tallies, sender=self)
