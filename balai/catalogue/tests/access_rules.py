"""Access rules of the service catalogue (docs/howto/access-control.md)."""

from balai.core.tests.access import PUBLIC, Rule

RULES = [
    Rule("catalogue:index", read=PUBLIC),
    Rule("catalogue:search", read=PUBLIC, query="q=akta"),
    Rule("catalogue:category", kwargs=lambda w: {"category": w.service_x.service.category},
         read=PUBLIC),
    Rule("catalogue:service", kwargs=lambda w: {"code": w.service_x.service.code}, read=PUBLIC),
    Rule("GET /api/v1/services", read=PUBLIC),
    Rule("GET /api/v1/services/{code}", kwargs=lambda w: {"code": w.service_x.service.code},
         read=PUBLIC),
    Rule("GET /api/v1/", read=PUBLIC),
]
