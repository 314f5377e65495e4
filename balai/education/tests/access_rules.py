"""Access rules of school admission (docs/howto/access-control.md). The landing page, schools
and published rankings are public; registering is for confirmed citizens (through the waiting
room), a registration and its documents only for its parent and the operator of its
first-choice school; verification only for that school's operator."""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, SIGNED_IN, Rule, expect

POST_ONLY = expect(405, anonymous=LOGIN)
OWN_A = expect(404, citizen_a=200, anonymous=LOGIN)
OPERATOR_X = expect(404, officer_x=200, anonymous=LOGIN)
CITIZENS = expect(403, citizen_a=REDIRECT, citizen_b=REDIRECT, anonymous=LOGIN)


def build(world):
    from balai.education import actions
    from balai.education.tests.helpers import make_school, open_year, register, verify_all

    year = open_year()
    school = make_school(level="smp", capacity=8, name="SMP Negeri Akses")
    actions.appoint_school_operator(actor="sistem:uji", school=school, user=world.officer_x)
    world.spmb_school = school
    registration = register(world.citizen_a, year, [school], track="afirmasi")
    verify_all([registration])
    run = actions.run_selection(year=year, level="smp", seed="akses", actor="sistem:uji")
    actions.publish_selection(run=run, actor="sistem:uji")
    world.spmb_registration_a = registration
    world.spmb_entry_a = registration.rank_entries.get()
    # Still waiting for verification: the operator's decision is tried on this one.
    world.spmb_pending_a = register(world.citizen_a, year, [school])


RULES = [
    Rule("spmb:home", read=PUBLIC),
    Rule("spmb:schools", read=PUBLIC),
    Rule("spmb:results", read=PUBLIC),
    Rule("spmb:ranking", kwargs=lambda w: {"npsn": w.spmb_school.npsn}, read=PUBLIC),
    # Anyone signed in may take a place in the queue; the form itself is for citizens.
    Rule("spmb:waiting", read=expect(REDIRECT, anonymous=LOGIN)),
    Rule("spmb:register", read=CITIZENS, act=CITIZENS, data={"idempotency_key": ""}),
    Rule("spmb:mine", read=SIGNED_IN),
    Rule("spmb:registration", kwargs=lambda w: {"number": w.spmb_registration_a.number},
         read=OWN_A),
    Rule("spmb:reregister", kwargs=lambda w: {"entry_id": w.spmb_entry_a.pk},
         read=POST_ONLY, act=expect(404, citizen_a=REDIRECT, anonymous=LOGIN)),
    Rule("spmb:operator", read=OPERATOR_X),
    Rule("spmb:verify", kwargs=lambda w: {"number": w.spmb_pending_a.number},
         read=OPERATOR_X, act=expect(404, officer_x=REDIRECT, anonymous=LOGIN),
         data={"decision": "terima", "note": ""}),
    Rule("spmb:document", kwargs=lambda w: {"number": w.spmb_registration_a.number,
                                            "kind": "kk"},
         read=expect(404, citizen_a=200, officer_x=200, anonymous=LOGIN)),
]
