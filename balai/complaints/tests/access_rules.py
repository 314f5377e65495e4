"""Access rules of complaints and Open311 (docs/howto/access-control.md).

Citizen A's complaint is routed to office X and is public: anyone reads its public page; only
citizen A reaches its reporter pages and only office X's officers its officer pages; everyone
else gets 404, as if it did not exist.
"""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, SIGNED_IN, Rule, expect

OWN = expect(404, citizen_a=200, anonymous=LOGIN)
OFFICE_X = expect(404, officer_x=200, anonymous=LOGIN)
POST_ONLY = expect(405, anonymous=LOGIN)
CITIZENS = expect(403, citizen_a=200, citizen_b=200, anonymous=LOGIN)
HANDLERS = expect(404, officer_x=200, officer_y=200, operator=200, admin=200, anonymous=LOGIN)
DESCRIPTION = "Jalan di depan sekolah berlubang besar sejak seminggu."


def build(world):
    import io

    from PIL import Image

    from balai.complaints import actions
    from balai.complaints.models import ComplaintCategory
    from balai.complaints.photos import check_photo

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    buffer.seek(0)
    world.category_x = ComplaintCategory.objects.create(code="jalan-rusak-x", name="Jalan rusak",
                                                        office=world.office_x)
    world.complaint_a = actions.file_complaint(actor=world.citizen_a, category=world.category_x,
                                               description=DESCRIPTION,
                                               photos=[check_photo(buffer, name="a.png")],
                                               issue_token=True)
    world.complaint_photo_a = world.complaint_a.photos.get()


def _number(w):
    return {"number": w.complaint_a.number}


RULES = [
    Rule("complaints:list", read=PUBLIC),
    Rule("complaints:detail", kwargs=_number, read=PUBLIC),
    Rule("complaints:file", read=CITIZENS, act=CITIZENS),  # an empty form is shown again
    Rule("complaints:mine", read=SIGNED_IN),
    Rule("complaints:reporter_detail", kwargs=_number, read=OWN),
    Rule("complaints:filed", kwargs=_number, read=OWN),
    Rule("complaints:confirm", kwargs=_number, read=POST_ONLY,
         act=expect(404, citizen_a=REDIRECT, anonymous=LOGIN)),
    Rule("complaints:reopen", kwargs=_number, read=POST_ONLY, data={"reason": "Belum"},
         act=expect(404, citizen_a=REDIRECT, anonymous=LOGIN)),
    Rule("complaints:rate", kwargs=_number, read=POST_ONLY, data={"rating": "5"},
         act=expect(404, citizen_a=REDIRECT, anonymous=LOGIN)),
    Rule("complaints:photo", kwargs=lambda w: {"photo_id": w.complaint_photo_a.pk},
         read=expect(404, citizen_a=200, officer_x=200)),
    Rule("complaints:queue", read=HANDLERS),
    Rule("complaints:officer_detail", kwargs=_number, read=OFFICE_X),
    Rule("complaints:officer_action",
         kwargs=lambda w: {"number": w.complaint_a.number, "action": "tanggapi"},
         data={"tanggapi-public_note": "Ditindaklanjuti"}, read=POST_ONLY,
         act=expect(404, officer_x=REDIRECT, anonymous=LOGIN)),
    Rule("open311:discovery", kwargs={"fmt": "json"}, read=PUBLIC),
    Rule("open311:services", kwargs={"fmt": "xml"}, read=PUBLIC),
    Rule("open311:service", kwargs=lambda w: {"code": w.category_x.code, "fmt": "json"},
         read=PUBLIC),
    # Open311 creates only with an api_key, never with a browser session.
    Rule("open311:requests", kwargs={"fmt": "json"}, read=PUBLIC, act=expect(400)),
    Rule("open311:request", kwargs=lambda w: {"request_id": w.complaint_a.number, "fmt": "json"},
         read=PUBLIC),
    Rule("open311:token", kwargs=lambda w: {"token": w.complaint_a.request_token, "fmt": "xml"},
         read=PUBLIC, act=expect(405)),
    Rule("open311/^(?P<rest>.*)$", url="/open311/v2/tidak-ada.json", read=expect(404),
         act=expect(404)),
    Rule("GET /api/v1/complaints/categories", read=PUBLIC),
    Rule("GET /api/v1/complaints", read=PUBLIC),
    Rule("GET /api/v1/complaints/mine", read=expect(200, anonymous=401)),
    Rule("GET /api/v1/complaints/queue",
         read=expect(403, officer_x=200, officer_y=200, operator=200, admin=200,
                     anonymous=401)),
    Rule("GET /api/v1/complaints/{number}", kwargs=_number, read=PUBLIC),
    Rule("POST /api/v1/complaints",
         data=lambda w: {"category": w.category_x.code, "description": DESCRIPTION},
         act=expect(403, citizen_a=201, citizen_b=201, anonymous=401)),
    Rule("POST /api/v1/complaints/{number}/confirm", kwargs=_number,
         act=expect(404, citizen_a=400, anonymous=401)),  # 400: not closed yet
    Rule("POST /api/v1/complaints/{number}/reopen", kwargs=_number, data={"reason": "Belum"},
         act=expect(404, citizen_a=400, anonymous=401)),
    Rule("POST /api/v1/complaints/{number}/rating", kwargs=_number, data={"rating": 5},
         act=expect(404, citizen_a=400, anonymous=401)),
    Rule("POST /api/v1/complaints/{number}/actions/{action}",
         kwargs=lambda w: {"number": w.complaint_a.number, "action": "respond"},
         data={"note": "Ditindaklanjuti"}, act=expect(404, officer_x=200, anonymous=401)),
]
