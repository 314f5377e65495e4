"""Access rules of regency taxes (docs/howto/access-control.md): the NOP look-up is public;
a citizen reaches their own objects, SPPTs and businesses; the register is Bapenda's only."""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, SIGNED_IN, Rule, expect


def build(world):
    """Citizen A owns a PBB-P2 object with this year's SPPT and bill, and a restaurant."""
    if hasattr(world, "tax_object_a"):
        return
    from balai.core.testing import ACTOR, make_office
    from balai.payments.models import Bill
    from balai.regions.actions import load_regions
    from balai.regions.management.commands.load_regions import DEFAULT_FILE
    from balai.taxes.actions import (
        load_tariff,
        register_business,
        register_taxpayer,
        run_assessment,
    )
    from balai.taxes.tariffs import default_file
    from balai.taxes.testing import make_bank, make_tax_object

    load_regions(path=DEFAULT_FILE)
    load_tariff(actor=ACTOR, path=default_file("61.12"))
    world.bapenda = make_office(code="bapenda", name="Bapenda (uji)", short_name="Bapenda")
    taxpayer = register_taxpayer(actor=ACTOR, name="Siti Aminah",
                                 nik=world.citizen_a_profile.nik)
    world.tax_object_a = make_tax_object(taxpayer=taxpayer)
    run_assessment(actor=ACTOR, year=2026)
    world.bill_a = Bill.objects.get(sppt__tax_object=world.tax_object_a)
    world.business_a = register_business(actor=ACTOR, taxpayer=taxpayer, name="Warung A",
                                         kind="pbjt_makan")
    world.sandbox_bank = make_bank("bank-sandbox", sandbox=True)


RULES = [
    Rule("taxes:lookup", query="nop=611201000100100010", read=PUBLIC),
    Rule("taxes:mine", read=SIGNED_IN),
    Rule("taxes:sppt_pdf", kwargs=lambda w: {"nop": w.tax_object_a.nop, "year": 2026},
         read=expect(404, citizen_a=200, anonymous=LOGIN)),
    Rule("taxes:file_return", kwargs=lambda w: {"business_id": w.business_a.pk},
         data={"period": "2026-09", "base_amount": "1000000"},
         read=expect(404, citizen_a=200, anonymous=LOGIN),
         act=expect(404, citizen_a=REDIRECT, anonymous=LOGIN)),
    Rule("taxes:officer_objects", read=expect(404, anonymous=LOGIN)),
    Rule("taxes:officer_register", data={"nop": "x"}, read=expect(404, anonymous=LOGIN),
         act=expect(404, anonymous=LOGIN)),
    Rule("taxes:officer_object", kwargs=lambda w: {"nop": w.tax_object_a.nop},
         read=expect(404, anonymous=LOGIN)),
    Rule("GET /api/v1/taxes/objects/{nop}", kwargs=lambda w: {"nop": w.tax_object_a.nop},
         read=PUBLIC),
    Rule("GET /api/v1/taxes/my-objects", read=expect(200, anonymous=401)),
    Rule("POST /api/v1/taxes/businesses/{business_id}/returns",
         kwargs=lambda w: {"business_id": w.business_a.pk},
         data={"period": "2026-09", "base_amount": 1000000},
         act=expect(404, citizen_a=201, anonymous=401)),
]
