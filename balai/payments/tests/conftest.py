from balai.documents.testing import dev_pki_fixture  # noqa: F401,E402
from balai.taxes.testing import bank, bapenda, sppt_bill, tariff, tax_object, taxpayer  # noqa: F401
