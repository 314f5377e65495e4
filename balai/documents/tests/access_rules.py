"""Access rules of issued documents: the verification page is public and shows no personal
data; the signed file goes to the applicant and the issuing office only."""

from balai.core.tests.access import LOGIN, PUBLIC, Rule, expect

RULES = [
    Rule("documents:verify", read=PUBLIC),
    Rule("documents:detail", kwargs=lambda w: {"code": w.document_a.code}, read=PUBLIC),
    Rule("documents:download", kwargs=lambda w: {"code": w.document_a.code},
         read=expect(404, citizen_a=200, officer_x=200, admin=200, anonymous=LOGIN)),
    Rule("GET /api/v1/documents/{code}", kwargs=lambda w: {"code": w.document_a.code},
         read=PUBLIC),
    Rule("GET /api/v1/documents/{code}/pdf", kwargs=lambda w: {"code": w.document_a.code},
         read=expect(404, citizen_a=200, officer_x=200, admin=200, anonymous=401)),
]
