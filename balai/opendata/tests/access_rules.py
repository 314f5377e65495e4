"""Access rules of open data and the CKAN Action API (docs/howto/access-control.md): all
public, read-only."""

from balai.core.tests.access import LOGIN, PUBLIC, Rule, expect


def build(world):
    from balai.opendata import actions

    world.dataset = actions.create_dataset(actor="sistem:uji", office=world.office_x,
                                           slug="uji-akses", title="Uji akses")
    actions.publish_version(actor="sistem:uji", dataset=world.dataset, columns=["a"],
                            rows=[["1"]])


SLUG = {"slug": "uji-akses"}

RULES = [
    Rule("opendata:index", read=PUBLIC),
    Rule("opendata:catalog", read=PUBLIC),
    Rule("opendata:catalog_format", kwargs={"fmt": "ttl"}, read=PUBLIC),
    Rule("opendata:dataset", kwargs=SLUG, read=PUBLIC),
    # Publishing is for the PPID or admin of the dataset's office (the admin is at Diskominfo).
    Rule("opendata:manage", read=expect(404, admin=200, anonymous=LOGIN),
         act=expect(404, admin=200, anonymous=LOGIN)),
    Rule("opendata:upload", kwargs=SLUG, read=expect(404, anonymous=LOGIN),
         act=expect(404, anonymous=LOGIN)),
    Rule("opendata:download", kwargs={**SLUG, "fmt": "csv"}, read=PUBLIC),
    Rule("ckan:action", kwargs={"name": "package_list"}, read=PUBLIC, act=PUBLIC),
    Rule("ckan-latest:action", kwargs={"name": "package_show"}, query="id=uji-akses",
         read=PUBLIC, act=PUBLIC),
    Rule("GET /api/v1/datasets", read=PUBLIC),
    Rule("GET /api/v1/datasets/{slug}", kwargs=SLUG, read=PUBLIC),
    Rule("GET /api/v1/datasets/{slug}/data", kwargs=SLUG, read=PUBLIC),
]
