"""Access rules of applying, tracking, the officers' queue and assisted service.

Citizen A's application is filed with office X: only citizen A (and office X's officers, on
their own pages) reach it; citizen B and office Y get 404, as if it did not exist. Applying is
for citizens; officers apply for a citizen only through assisted service (operators).
"""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from balai.applications.tests.helpers import PDF, akta_values
from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, Rule, expect

OWN = expect(404, citizen_a=200, anonymous=LOGIN)
OFFICE_X = expect(404, officer_x=200, anonymous=LOGIN)
OPERATOR = expect(404, operator=REDIRECT, anonymous=LOGIN)  # redirect: pick a citizen first
CITIZENS = expect(403, citizen_a=200, citizen_b=200, anonymous=LOGIN)
POST_ONLY_OWN = expect(405, anonymous=LOGIN)


def _code(w):
    return {"code": w.service_x.service.code}


def _number(w):
    return {"number": w.application_a.number}


def _version(w):
    w.application_a.refresh_from_db()
    return {"expected_version": w.application_a.version}


def _form_version(action):
    def data(w):
        version = _version(w)["expected_version"]
        return {"version": version, f"{action}-version": version}

    return data


def _key(w):
    return {"Idempotency-Key": str(uuid.uuid4())}


def _pdf(w):
    return {"file": SimpleUploadedFile("kk.pdf", PDF)}


RULES = [
    # Citizen A has a draft with its files: the later steps open; citizen B has none yet.
    Rule("applications:apply", kwargs=_code,
         read=expect(403, citizen_a=REDIRECT, citizen_b=200, anonymous=LOGIN), act=CITIZENS),
    Rule("applications:apply_uploads", kwargs=_code,
         read=expect(403, citizen_a=200, citizen_b=REDIRECT, anonymous=LOGIN),
         act=expect(403, citizen_a=REDIRECT, citizen_b=REDIRECT, anonymous=LOGIN)),
    Rule("applications:apply_review", kwargs=_code,
         read=expect(403, citizen_a=200, citizen_b=REDIRECT, anonymous=LOGIN),
         act=expect(403, citizen_a=200, citizen_b=REDIRECT, anonymous=LOGIN)),
    Rule("applications:dashboard", read=expect(200, anonymous=LOGIN)),
    Rule("applications:detail", kwargs=_number, read=OWN),
    Rule("applications:receipt", kwargs=_number, read=OWN),
    Rule("applications:receipt_pdf", kwargs=_number, read=OWN),
    Rule("applications:applicant_action", kwargs=lambda w: {**_number(w), "action": "batalkan"},
         data=_form_version("batalkan"), read=POST_ONLY_OWN,
         act=expect(404, citizen_a=REDIRECT, anonymous=LOGIN)),
    Rule("applications:upload", kwargs=lambda w: {"upload_id": w.upload_a.pk},
         read=expect(404, citizen_a=200, officer_x=200, anonymous=LOGIN)),
    # Every officer has a queue (their own offices'); citizens and the auditor have none.
    Rule("applications:queue", read=expect(404, officer_x=200, officer_y=200, operator=200,
                                           admin=200, anonymous=LOGIN)),
    Rule("applications:officer_detail", kwargs=_number, read=OFFICE_X),
    Rule("applications:officer_action",
         kwargs=lambda w: {**_number(w), "action": "verifikasi"},
         data=_form_version("verifikasi"),
         read=POST_ONLY_OWN, act=expect(404, officer_x=REDIRECT, anonymous=LOGIN)),
    Rule("applications:claim", kwargs=_number,
         read=POST_ONLY_OWN, act=expect(404, officer_x=REDIRECT, anonymous=LOGIN)),
    Rule("applications:assign", kwargs=_number,
         read=POST_ONLY_OWN, act=expect(404, officer_x=REDIRECT, anonymous=LOGIN)),
    Rule("applications:assisted", read=expect(404, operator=200, anonymous=LOGIN)),
    Rule("applications:assisted_start", read=POST_ONLY_OWN, act=OPERATOR),
    # An empty registration form is refused (400) — but only the operator gets that far.
    Rule("applications:assisted_register", read=POST_ONLY_OWN,
         act=expect(404, operator=400, anonymous=LOGIN)),
    Rule("applications:assisted_apply", kwargs=_code, read=OPERATOR, act=OPERATOR),
    Rule("applications:assisted_apply_uploads", kwargs=_code, read=OPERATOR, act=OPERATOR),
    Rule("applications:assisted_apply_review", kwargs=_code, read=OPERATOR, act=OPERATOR),
    Rule("applications:status", read=PUBLIC, query="nomor=XX"),
    Rule("applications:status_detail", kwargs=_number, read=PUBLIC),
    # The API: 401 without credentials; someone else's application is 404, never 403.
    Rule("POST /api/v1/applications", headers=_key,
         data=lambda w: {"service": w.service_x.service.code, "data": akta_values()},
         act=expect(403, citizen_a=201, citizen_b=201, anonymous=401)),
    Rule("GET /api/v1/applications", read=expect(200, anonymous=401)),
    Rule("GET /api/v1/applications/{ref}", kwargs=lambda w: {"ref": w.application_a.number},
         read=expect(404, citizen_a=200, officer_x=200, anonymous=401)),
    Rule("PUT /api/v1/applications/{ref}/uploads/{requirement}", multipart=True, data=_pdf,
         kwargs=lambda w: {"ref": w.draft_a.pk, "requirement": "kk"},
         act=expect(404, citizen_a=201, anonymous=401)),
    Rule("POST /api/v1/applications/{ref}/uploads/{requirement}", multipart=True, data=_pdf,
         kwargs=lambda w: {"ref": w.draft_a.pk, "requirement": "kk"},
         act=expect(404, citizen_a=201, anonymous=401)),
    Rule("POST /api/v1/applications/{ref}/submit", headers=_key,
         kwargs=lambda w: {"ref": w.draft_a.pk},
         act=expect(404, citizen_a=200, anonymous=401)),
    Rule("POST /api/v1/applications/{ref}/actions/{action}", data=_version,
         kwargs=lambda w: {"ref": w.application_a.number, "action": "batalkan"},
         act=expect(404, citizen_a=200, officer_x=400, anonymous=401)),
    Rule("GET /api/v1/status/{number}", kwargs=_number, read=PUBLIC),
    Rule("GET /api/v1/queue", read=expect(403, officer_x=200, officer_y=200, operator=200,
                                          admin=200, anonymous=401)),
]
