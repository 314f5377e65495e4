from __future__ import annotations

import pytest

from balai.catalogue.actions import (
    ServiceDefinitionError,
    publish_definition,
    publish_definitions,
    set_service_active,
)
from balai.catalogue.models import Service, ServiceDefinition
from balai.catalogue.queries import search_services
from balai.catalogue.tests.conftest import service_data
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

ACTOR = "sistem:uji"


def test_publish_definition_creates_the_service_with_its_version_in_force(offices):
    definition = publish_definition(data=service_data(), actor=ACTOR)
    service = Service.objects.get(code="akta-kelahiran")
    assert service.current == definition
    assert (service.name, service.category, service.office.code) == (
        "Akta Kelahiran", "kependudukan", "disdukcapil")
    assert (definition.version, definition.deadline_working_days, definition.fee) == (1, 3, 0)
    assert definition.spec.workflow.initial == "diajukan"


def test_publish_definition_records_a_ledger_entry(offices):
    definition = publish_definition(data=service_data(), actor=ACTOR)
    entry = LedgerEntry.objects.get(action="layanan.versi_diterbitkan")
    assert (entry.object_type, entry.object_id, entry.actor_label) == (
        "catalogue.servicedefinition", str(definition.pk), ACTOR)


def test_publish_definition_again_with_the_same_content_changes_nothing(offices):
    first = publish_definition(data=service_data(), actor=ACTOR)
    entries = LedgerEntry.objects.count()
    again = publish_definition(data=service_data(), actor=ACTOR)
    assert again == first
    assert ServiceDefinition.objects.count() == 1
    assert LedgerEntry.objects.count() == entries


def test_publish_definition_refuses_other_content_under_a_published_version(offices):
    publish_definition(data=service_data(), actor=ACTOR)
    with pytest.raises(ServiceDefinitionError) as error:
        publish_definition(data=service_data(deadline_working_days=5), actor=ACTOR)
    assert error.value.code == "CATALOGUE_VERSION_EXISTS"
    assert "naikkan nilai version (misalnya menjadi 2)" in error.value.problems[0]
    assert ServiceDefinition.objects.get().deadline_working_days == 3


def test_publish_definition_new_version_becomes_current_and_keeps_the_old_one(offices):
    first = publish_definition(data=service_data(), actor=ACTOR)
    second = publish_definition(
        data=service_data(version=2, deadline_working_days=5,
                          name={"id": "Akta Kelahiran Anak", "en": "Birth certificate"}),
        actor=ACTOR)
    service = Service.objects.get(code="akta-kelahiran")
    assert service.current == second
    assert service.name == "Akta Kelahiran Anak"
    first.refresh_from_db()
    assert (first.version, first.deadline_working_days) == (1, 3)
    assert first.definition == service_data()


def test_publish_definition_refuses_a_version_older_than_the_one_in_force(offices):
    publish_definition(data=service_data(version=3), actor=ACTOR)
    with pytest.raises(ServiceDefinitionError) as error:
        publish_definition(data=service_data(version=2), actor=ACTOR)
    assert error.value.code == "CATALOGUE_VERSION_TOO_OLD"
    assert "gunakan versi 4" in error.value.problems[0]


def test_publish_definition_refuses_an_unknown_office(offices):
    with pytest.raises(ServiceDefinitionError) as error:
        publish_definition(data=service_data(office="dinas-fiktif"), actor=ACTOR)
    assert error.value.code == "CATALOGUE_UNKNOWN_OFFICE"
    assert "'dinas-fiktif' tidak dikenal" in error.value.problems[0]
    assert not Service.objects.exists()


def test_publish_definition_lists_every_schema_problem(offices):
    data = service_data(fee=-1, category="hiburan")
    data["workflow"]["actions"] = [a for a in data["workflow"]["actions"]
                                   if a["name"] != "ajukan_ulang"]
    with pytest.raises(ServiceDefinitionError) as error:
        publish_definition(data=data, actor=ACTOR)
    problems = " | ".join(error.value.problems)
    assert "fee: harus bilangan bulat" in problems
    assert "category: 'hiburan' tidak dikenal" in problems
    assert not LedgerEntry.objects.filter(action="layanan.versi_diterbitkan").exists()


def test_publish_definition_refuses_a_missing_output_template(offices):
    data = service_data()
    data["output"]["template"] = "documents/tidak-ada.html"
    with pytest.raises(ServiceDefinitionError) as error:
        publish_definition(data=data, actor=ACTOR)
    assert "templat 'documents/tidak-ada.html' tidak ada" in error.value.problems[0]


def test_publish_definition_keeps_the_search_text_of_the_version_in_force(offices):
    publish_definition(data=service_data(), actor=ACTOR)
    service = Service.objects.get()
    assert "Surat keterangan lahir" in service.search_text
    assert "Dinas Kependudukan dan Pencatatan Sipil" in service.search_text
    assert [s.code for s in search_services("bayi")] == ["akta-kelahiran"]
    publish_definition(data=service_data(version=2, keywords=["newborn"]), actor=ACTOR)
    assert search_services("bayi") == []
    assert [s.code for s in search_services("newborn")] == ["akta-kelahiran"]


def test_publish_definitions_writes_nothing_when_one_source_is_invalid(offices):
    with pytest.raises(ServiceDefinitionError) as error:
        publish_definitions(sources=[("a.yaml", service_data()),
                                     ("kia.yaml", service_data("kia", office="tidak-ada"))],
                            actor=ACTOR)
    assert error.value.problems[0].startswith("kia.yaml: office:")
    assert not ServiceDefinition.objects.exists()


def test_publish_definitions_refuses_one_version_in_two_sources(offices):
    with pytest.raises(ServiceDefinitionError) as error:
        publish_definitions(sources=[("a.yaml", service_data()), ("b.yaml", service_data())],
                            actor=ACTOR)
    assert error.value.problems == [
        "b.yaml: layanan 'akta-kelahiran' versi 1 juga ada di a.yaml"]


def test_set_service_active_withdraws_the_service_from_the_catalogue(offices):
    publish_definition(data=service_data(), actor=ACTOR)
    service = Service.objects.get()
    set_service_active(service=service, active=False, actor=ACTOR)
    assert search_services("lahir") == []
    assert LedgerEntry.objects.filter(action="layanan.dinonaktifkan").count() == 1
    set_service_active(service=service, active=True, actor=ACTOR)
    assert [s.code for s in search_services("lahir")] == ["akta-kelahiran"]
