"""Access rules of public information (docs/howto/access-control.md).

The catalogue and the annual report are public. Citizen A's request to office X is seen only by
citizen A (its PPID works on it on PPID pages, a role none of the table's personas holds, so
every persona gets 404 there). That exempt files are served to nobody is proven in
test_catalogue.py.
"""

import io

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, Rule, expect

OWN = expect(404, citizen_a=200, anonymous=LOGIN)
NOT_PPID = expect(404, anonymous=LOGIN)


def build(world):
    from balai.applications.tests.helpers import PDF
    from balai.core.testing import make_officer
    from balai.information import actions
    from balai.information.files import check_file
    from balai.information.models import Category

    def upload(name):
        return io.BytesIO(PDF), check_file(io.BytesIO(PDF), name=name, size=len(PDF))

    world.ppid_x = make_officer(office=world.office_x, role="ppid")
    world.info_item = actions.publish_item(actor=world.ppid_x, office=world.office_x,
                                           title="Laporan keuangan", category=Category.BERKALA,
                                           files=[upload("lk.pdf")])
    world.info_exempt = actions.publish_item(
        actor=world.ppid_x, office=world.office_x, title="Sandi jaringan",
        category=Category.DIKECUALIKAN, legal_basis="Pasal 17 huruf c",
        consequence_test="Celah keamanan.", files=[upload("sandi.pdf")])
    request, _code = actions.submit_request(
        actor=world.citizen_a, office=world.office_x, information="Laporan keuangan",
        purpose="Kajian", format="softcopy", delivery="daring")
    world.info_request = actions.answer_request(
        actor=world.ppid_x, request=request, outcome="granted", answer="Terlampir.",
        expected_version=request.version, files=[upload("jawaban.pdf")])
    from balai.accounts.actions import reset_calendar_feed

    world.calendar_feed_a = reset_calendar_feed(user=world.citizen_a)


def _number(w):
    return {"number": w.info_request.number}


def _request_file(w):
    return {"number": w.info_request.number, "file_id": w.info_request.files.get().pk}


REQUEST_FORM = {"information": "Daftar aset", "purpose": "Kajian", "format": "softcopy",
                "delivery": "daring", "name": "Budi", "nik": "6112010101900001",
                "address": "Jl. A", "phone": "081298765432"}

RULES = [
    # Citizen A's deadlines at the secret address of their account: whoever holds the secret
    # (their calendar app) reads it without signing in; an unknown secret is not found
    # (test_calendar_feed.py).
    Rule("information:calendar_feed", kwargs=lambda w: {"secret": w.calendar_feed_a.secret},
         read=PUBLIC),
    Rule("information:catalogue", read=PUBLIC),
    Rule("information:item", kwargs=lambda w: {"item_id": w.info_item.pk}, read=PUBLIC),
    Rule("information:item_file",
         kwargs=lambda w: {"item_id": w.info_item.pk, "file_id": w.info_item.files.get().pk},
         read=PUBLIC),
    Rule("information:request", read=PUBLIC,
         data=lambda w: {"office": w.office_x.code, **REQUEST_FORM}, act=expect(REDIRECT)),
    Rule("information:my_requests", read=expect(200, anonymous=LOGIN)),
    Rule("information:lookup", read=PUBLIC, data={"number": "INF-2026-000001", "code": "x"},
         act=PUBLIC),
    Rule("information:request_detail", kwargs=_number, read=expect(404, citizen_a=200)),
    Rule("information:request_file", kwargs=_request_file, read=expect(404, citizen_a=200)),
    Rule("information:object", kwargs=_number, data={"ground": "d", "reason": "Kurang."},
         read=expect(405), act=expect(404, citizen_a=REDIRECT)),
    Rule("information:react", kwargs=_number, data={"reaction": "puas"},
         read=expect(405), act=expect(404, citizen_a=404)),
    Rule("information:ppid_queue", read=NOT_PPID),
    Rule("information:publish", read=NOT_PPID, act=NOT_PPID),
    Rule("information:ppid_request", kwargs=_number, read=NOT_PPID, act=NOT_PPID),
    Rule("information:ppid_file", kwargs=_request_file, read=NOT_PPID),
    Rule("information:objections", read=NOT_PPID),
    Rule("information:objection", kwargs=_number, read=NOT_PPID, act=NOT_PPID),
    Rule("information:report", read=PUBLIC),
    Rule("information:report_csv", read=PUBLIC),
    Rule("information:report_pdf", read=PUBLIC),
    # The API.
    Rule("GET /api/v1/information/items", read=PUBLIC),
    Rule("GET /api/v1/information/items/{item_id}", kwargs=lambda w: {"item_id": w.info_item.pk},
         read=PUBLIC),
    Rule("POST /api/v1/information/requests",
         data=lambda w: {"office": w.office_x.code, "information": "Aset",
                         "purpose": "Kajian"},
         act=expect(201, anonymous=401)),
    Rule("GET /api/v1/information/requests", read=expect(200, anonymous=401)),
    Rule("GET /api/v1/information/requests/{number}", kwargs=_number,
         read=expect(404, citizen_a=200, anonymous=401)),
    Rule("POST /api/v1/information/requests/{number}/objection", kwargs=_number,
         data={"ground": "d", "reason": "Kurang lengkap."},
         act=expect(404, citizen_a=201, anonymous=401)),
    Rule("GET /api/v1/information/queue", read=expect(403, anonymous=401)),
]
