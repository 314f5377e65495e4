"""Access rules of issued documents: the verification page is public and shows no personal
data; the signed file goes to the applicant and the issuing office only. What validators fetch
from the development PKI (/pki/) is public: certificates, CRLs and OCSP answers are public by
nature, and the TSA signs only digests."""

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
    Rule("pki:ca_certificate", read=PUBLIC),
    Rule("pki:crl", read=PUBLIC),
    # An empty form body is a malformed OCSP request: answered (200) in OCSP's own format.
    Rule("pki:ocsp", read=expect(405), data={}, act=PUBLIC),
    Rule("pki:ocsp_get", kwargs={"encoded": "AAAA"}, read=PUBLIC),
    # A form body is not a time-stamp query: a TSA rejection (400) in RFC 3161's own format.
    Rule("pki:tsa", read=expect(405), data={}, act=expect(400)),
]
