from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

from balai.catalogue.models import Service, ServiceDefinition
from balai.catalogue.tests.conftest import service_data
from balai.core.testing import sign_in
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

ADD_URL = "admin:catalogue_servicedefinition_add"


@pytest.fixture
def admin_client(client, admin_user):
    sign_in(client, admin_user)
    return client


def _yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_admin_rejects_an_inconsistent_workflow_showing_every_problem(admin_client, catalogue):
    data = service_data(version=2)
    data["workflow"]["actions"][0]["to"] = "entah"  # verifikasi leads nowhere known
    data["workflow"]["actions"] = [a for a in data["workflow"]["actions"]
                                   if a["name"] != "batalkan"]
    data["workflow"]["states"].append("terlupa")
    response = admin_client.post(reverse(ADD_URL), {"yaml_text": _yaml(data)})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["yaml_text"]
    assert "workflow.actions[0].to: status 'entah' tidak dikenal" in errors
    assert "workflow.states: status 'terlupa' tidak dapat dicapai" in errors
    assert "workflow.states: status 'dibatalkan' tidak dapat dicapai" in errors
    html = response.content.decode()
    assert "status &#x27;entah&#x27; tidak dikenal" in html
    assert ServiceDefinition.objects.filter(service__code="akta-kelahiran").count() == 1


def test_admin_rejects_text_that_is_not_yaml(admin_client, catalogue):
    response = admin_client.post(reverse(ADD_URL), {"yaml_text": "code: [tidak ditutup"})
    assert response.status_code == 200
    assert "YAML tidak sah" in response.context["adminform"].form.errors["yaml_text"][0]


def test_admin_publishes_a_new_version_from_yaml(admin_client, catalogue):
    old = Service.objects.get(code="akta-kelahiran").current
    response = admin_client.post(reverse(ADD_URL), {
        "yaml_text": _yaml(service_data(version=2, deadline_working_days=2))})
    assert response.status_code == 302
    service = Service.objects.select_related("current").get(code="akta-kelahiran")
    assert (service.current.version, service.current.deadline_working_days) == (2, 2)
    old.refresh_from_db()
    assert (old.version, old.deadline_working_days) == (1, 3)
    assert LedgerEntry.objects.filter(action="layanan.versi_diterbitkan",
                                      object_id=str(service.current.pk)).exists()


def test_admin_edit_saves_a_new_version_and_never_changes_the_old_one(admin_client, catalogue):
    old = Service.objects.get(code="kia").current
    form = admin_client.get(reverse("admin:catalogue_servicedefinition_change", args=[old.pk]))
    text = form.context["adminform"].form["yaml_text"].value()
    assert "code: kia" in text and "version: 1" in text
    edited = text.replace("version: 1", "version: 2").replace("deadline_working_days: 3",
                                                              "deadline_working_days: 1")
    response = admin_client.post(
        reverse("admin:catalogue_servicedefinition_change", args=[old.pk]), {"yaml_text": edited})
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.version, old.deadline_working_days) == (1, 3)
    new = Service.objects.get(code="kia").current
    assert new.pk != old.pk and (new.version, new.deadline_working_days) == (2, 1)


def test_admin_edit_without_a_new_version_number_asks_to_bump_it(admin_client, catalogue):
    old = Service.objects.get(code="kia").current
    response = admin_client.post(
        reverse("admin:catalogue_servicedefinition_change", args=[old.pk]),
        {"yaml_text": _yaml(service_data("kia", deadline_working_days=1))})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["yaml_text"]
    assert "naikkan nilai version (misalnya menjadi 2)" in error
    old.refresh_from_db()
    assert old.deadline_working_days == 3


def test_admin_prefills_a_new_version_from_the_version_in_force(admin_client, catalogue):
    current = Service.objects.get(code="pbg").current
    service_page = admin_client.get(
        reverse("admin:catalogue_service_change", args=[current.service_id])).content.decode()
    assert f"{reverse(ADD_URL)}?dari={current.pk}" in service_page
    response = admin_client.get(reverse(ADD_URL), {"dari": current.pk})
    assert "code: pbg" in response.context["adminform"].form["yaml_text"].value()


def test_admin_service_list_filters_and_searches(admin_client, catalogue):
    url = reverse("admin:catalogue_service_changelist")
    permits = admin_client.get(url, {"category": "perizinan"})
    assert {s.code for s in permits.context["cl"].result_list} == {
        "izin-reklame", "pbg", "sertifikat-laik-fungsi"}
    found = admin_client.get(url, {"q": "reklame"})
    assert [s.code for s in found.context["cl"].result_list] == ["izin-reklame"]
    definitions = admin_client.get(reverse("admin:catalogue_servicedefinition_changelist"),
                                   {"service__category": "pendidikan"})
    assert definitions.status_code == 200
    assert len(definitions.context["cl"].result_list) == 2


def test_admin_withdraws_a_service_with_an_admin_action(admin_client, catalogue):
    kia = Service.objects.get(code="kia")
    admin_client.post(reverse("admin:catalogue_service_changelist"),
                      {"action": "deactivate", "_selected_action": [kia.pk]})
    kia.refresh_from_db()
    assert not kia.is_active
    assert LedgerEntry.objects.filter(action="layanan.dinonaktifkan").count() == 1


def test_admin_cannot_add_services_directly_or_delete_versions(admin_client, catalogue):
    assert admin_client.get(reverse("admin:catalogue_service_add")).status_code == 403
    definition = ServiceDefinition.objects.first()
    assert admin_client.get(reverse("admin:catalogue_servicedefinition_delete",
                                    args=[definition.pk])).status_code == 403


def test_catalogue_admin_is_closed_to_citizens(client, citizen, catalogue):
    sign_in(client, citizen.user)
    response = client.get(reverse(ADD_URL))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
