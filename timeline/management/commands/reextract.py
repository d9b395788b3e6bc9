from django.core.management.base import BaseCommand, CommandError

from timeline.corrections import reextract_articles
from timeline.models import Article


class Command(BaseCommand):
    help = (
        "Run extraction again over stored articles with the leader table and topic keywords as "
        "they are in the database now. Fields a person set and reports a person placed stay."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="article ids (default: all)")

    def handle(self, *args, ids: list[int], **options) -> None:
        articles = Article.objects.filter(pk__in=ids) if ids else Article.objects.all()
        result = reextract_articles(articles=articles.iterator())
        for error in result.errors:
            self.stderr.write(error)
        self.stdout.write(result.summary())
        if result.failed:
            raise CommandError(f"{result.failed} articles failed")
