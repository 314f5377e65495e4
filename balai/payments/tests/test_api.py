from balai.api.tests.helpers import bearer, token_for
from balai.core.testing import ACTOR
from balai.taxes.actions import register_business


def test_public_api_looks_up_a_nop_with_masked_name(client, sppt_bill,
                                                    django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/taxes/objects/{sppt_bill.nop}")
    data = response.json()
    assert response.status_code == 200 and data["taxpayer_name_masked"] == "S*** A*****"
    assert data["bills"][0]["payment_code"] == sppt_bill.payment_code
    assert data["arrears"] == data["bills"][0]["total_today"] > sppt_bill.principal


def test_api_refuses_a_malformed_nop_with_a_stable_code(client, tax_object):
    response = client.get("/api/v1/taxes/objects/123")
    assert response.status_code == 422 and response.json()["code"] == "VALIDATION_ERROR"
    assert client.get("/api/v1/taxes/objects/611201000100199990").status_code == 404


def test_citizen_lists_own_bills_and_others_cannot_read_them(client, citizen, other_citizen,
                                                             sppt_bill):
    mine = client.get("/api/v1/bills", headers=bearer(token_for(citizen.user))).json()
    assert [b["payment_code"] for b in mine["items"]] == [sppt_bill.payment_code]
    other = token_for(other_citizen.user)
    assert client.get("/api/v1/bills", headers=bearer(other)).json()["items"] == []
    assert client.get(f"/api/v1/bills/{sppt_bill.payment_code}",
                      headers=bearer(other)).status_code == 404
    assert client.get("/api/v1/bills").status_code == 401


def test_file_a_return_through_the_api(client, citizen, taxpayer, bapenda, tariff):
    business = register_business(actor=ACTOR, taxpayer=taxpayer, name="Hotel Uji",
                                 kind="pbjt_hotel")
    url = f"/api/v1/taxes/businesses/{business.pk}/returns"
    secret = token_for(citizen.user)
    response = client.post(url, {"period": "2026-09", "base_amount": 10_000_000},
                           content_type="application/json", headers=bearer(secret))
    assert response.status_code == 201, response.json()
    assert response.json()["tax_amount"] == 1_000_000 and response.json()["payment_code"]
    again = client.post(url, {"period": "2026-09", "base_amount": 1},
                        content_type="application/json", headers=bearer(secret))
    assert again.json()["code"] == "TAX_RETURN_ALREADY_FILED"
    bad = client.post(url, {"period": "September", "base_amount": 1},
                      content_type="application/json", headers=bearer(secret))
    assert bad.status_code == 422


def test_openapi_documents_the_tax_and_bill_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/taxes/objects/{nop}" in paths and "/api/v1/bills" in paths
