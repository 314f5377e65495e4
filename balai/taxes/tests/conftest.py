from balai.taxes.testing import bank, bapenda, sppt_bill, tariff, tax_object, taxpayer  # noqa: F401
