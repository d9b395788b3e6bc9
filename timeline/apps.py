from django.apps import AppConfig
from django.db import connection, migrations
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _

# Operations that neither rebuild a table nor write rows: with only these pending, the
# triggers can stay on and the recount (7-12 minutes at a million contacts) is spared.
_INDEX_ONLY = (migrations.AddIndex, migrations.RemoveIndex, migrations.RenameIndex)


def _counted() -> bool:
    from timeline import tallies

    return tallies.MONTH.name in connection.introspection.table_names()


def _pause_tallies(sender, plan=None, **kwargs) -> None:
    # SQLite refuses to rebuild a table (as many migrations do) while another table's trigger
    # names it, and a migration may write without them: take the triggers off for the run.
    from timeline import tallies

    ours = [migration for migration, _backwards in plan or () if migration.app_label == "timeline"]
    if any(_rebuilds(migration) for migration in ours) and _counted():
        tallies.uninstall()


def _rebuilds(migration) -> bool:
    return not all(_index_only(op) for op in migration.operations)


def _index_only(operation) -> bool:
    if isinstance(operation, migrations.SeparateDatabaseAndState):
        return all(_index_only(op) for op in operation.database_operations)
    if isinstance(operation, migrations.RunSQL):
        # Only the migration's author knows: e.g. a foreign key's index dropped by its name.
        return operation.hints.get("index_only", False)
    return isinstance(operation, _INDEX_ONLY)


def _keep_tallies(sender, **kwargs) -> None:
    # After migrate, or a flush that emptied the contacts under them: the triggers back on,
    # and a recount wherever they were off or the counts are stale.
    from timeline import tallies

    if _counted():  # not migrated back to before the tallies
        tallies.ensure()


class TimelineConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "timeline"
    verbose_name = _("Leader contacts")

    def ready(self) -> None:
        pre_migrate.connect(_pause_tallies, sender=self)
        post_migrate.connect(_keep_tallies, sender=self)
