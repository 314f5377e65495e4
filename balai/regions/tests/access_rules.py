"""Access rules of the regions' public pages (docs/howto/access-control.md)."""

from balai.core.tests.access import PUBLIC, Rule


def build(world):
    from balai.regions.actions import load_regions
    from balai.regions.management.commands.load_regions import DEFAULT_FILE
    from balai.regions.models import Region

    if not Region.objects.filter(code="61.12.01").exists():
        load_regions(path=DEFAULT_FILE)


RULES = [
    Rule("regions:index", read=PUBLIC),
    Rule("regions:villages", read=PUBLIC, query="kecamatan=61.12.01"),
]
