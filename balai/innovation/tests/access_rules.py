"""Access rules of the innovation catalogue (docs/howto/access-control.md).

The list, an innovation's page and its evidence are public. Adding an innovation is for anyone
holding a petugas or admin role in some office (officer X and Y, and the admin, who is admin at
Diskominfo); the office must be one of theirs, so officer Y and the admin are told the form is
wrong (400) when they post office X. Editing, moving the stage and adding evidence are for the
officers of the innovation's office (X) only: everyone else is told the page does not exist.
"""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, Rule, expect

OFFICE_X = expect(404, officer_x=200, anonymous=LOGIN)
OFFICE_X_ACTS = expect(404, officer_x=REDIRECT, anonymous=LOGIN)


def build(world):
    import datetime as dt
    import io

    from balai.core.uploads import MB, inspect_upload
    from balai.innovation import actions
    from balai.innovation.tests.helpers import pdf_bytes

    clean = inspect_upload(io.BytesIO(pdf_bytes()), name="sk.pdf", formats=("pdf",),
                           max_bytes=MB)
    world.innovation = actions.create_innovation(
        actor="sistem:uji", office=world.office_x, name="Inovasi Uji", summary="Ringkasan.",
        problem="Masalah.", form="digital", category="pelayanan_publik",
        started_on=dt.date(2024, 1, 15), evidence=[("SK", clean)])
    world.innovation_evidence = world.innovation.evidence.get()


def _innovation(w):
    return {"innovation_id": w.innovation.pk}


def _new(w):
    return {"office": str(w.office_x.pk), "name": "Inovasi Baru", "summary": "Ringkasan.",
            "problem": "Masalah.", "form": "digital", "category": "tata_kelola",
            "started_on": "2025-01-06"}


def _evidence_file(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from balai.innovation.tests.helpers import pdf_bytes

    return {"title": "Laporan", "file": SimpleUploadedFile("laporan.pdf", pdf_bytes())}


RULES = [
    Rule("innovation:list", read=PUBLIC),
    Rule("innovation:detail", kwargs=_innovation, read=PUBLIC),
    Rule("innovation:evidence", kwargs=lambda w: {"evidence_id": w.innovation_evidence.pk},
         read=PUBLIC),
    Rule("innovation:create",
         read=expect(404, officer_x=200, officer_y=200, admin=200, anonymous=LOGIN),
         act=expect(404, officer_x=REDIRECT, officer_y=400, admin=400, anonymous=LOGIN),
         data=_new),
    Rule("innovation:edit", kwargs=_innovation, read=OFFICE_X, act=OFFICE_X_ACTS,
         data=lambda w: {**_new(w), "name": "Inovasi Diubah"}),
    Rule("innovation:advance", kwargs=_innovation, read=OFFICE_X, act=OFFICE_X_ACTS,
         data={"changed_on": "2024-06-03", "note": "Uji coba."}),
    Rule("innovation:add_evidence", kwargs=_innovation, act=OFFICE_X_ACTS, data=_evidence_file),
]
