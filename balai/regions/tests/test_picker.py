"""The region picker form mixin, tested directly and through the registration form's page."""

import pytest
from django import forms
from django.http import QueryDict

from balai.regions.forms import RegionPickerMixin, initial_from, picker_requested

pytestmark = pytest.mark.django_db


class AddressForm(RegionPickerMixin):
    name = forms.CharField()


class RequiredAddressForm(RegionPickerMixin):
    region_required = True


def test_picker_offers_the_kecamatan_and_no_desa_before_one_is_chosen(kubu_raya):
    form = AddressForm()
    assert len(form.fields["kecamatan"].choices) == 1 + 9
    assert form.fields["desa"].choices == [("", form.fields["desa"].choices[0][1])]


def test_picker_filters_the_desa_by_the_chosen_kecamatan(kubu_raya):
    form = AddressForm(initial={"kecamatan": "61.12.09"})
    codes = [code for code, _name in form.fields["desa"].choices if code]
    assert codes and all(code.startswith("61.12.09.") for code in codes)


def test_picker_accepts_a_desa_of_the_kecamatan(kubu_raya):
    form = AddressForm({"name": "x", "kecamatan": "61.12.01", "desa": "61.12.01.2001"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["village"].code == "61.12.01.2001"


def test_picker_refuses_a_desa_of_another_kecamatan(kubu_raya):
    form = AddressForm({"name": "x", "kecamatan": "61.12.02", "desa": "61.12.01.2001"})
    assert not form.is_valid()
    assert "tidak termasuk kecamatan" in form.errors["desa"][0]


def test_picker_asks_for_the_desa_once_a_kecamatan_is_chosen(kubu_raya):
    form = AddressForm({"name": "x", "kecamatan": "61.12.02", "desa": ""})
    assert not form.is_valid()
    assert "Pilih desa" in form.errors["desa"][0]


def test_picker_is_optional_unless_required(kubu_raya):
    optional = AddressForm({"name": "x"})
    assert optional.is_valid() and optional.cleaned_data["village"] is None
    required = RequiredAddressForm({})
    assert not required.is_valid()
    assert set(required.errors) == {"kecamatan", "desa"}


def test_picker_refuses_an_unknown_kecamatan(kubu_raya):
    form = AddressForm({"name": "x", "kecamatan": "61.71.01", "desa": ""})
    assert not form.is_valid()
    assert "Pilih kecamatan dari daftar" in form.errors["kecamatan"][0]


def test_initial_from_keeps_what_was_typed_but_not_passwords_or_buttons():
    data = QueryDict(mutable=True)
    data.update({"name": "Siti", "password1": "rahasia", "_pilih_kecamatan": "1",
                 "csrfmiddlewaretoken": "t", "kecamatan": "61.12.01"})
    assert picker_requested(data)
    assert initial_from(data, exclude=("password1",)) == {"name": "Siti",
                                                          "kecamatan": "61.12.01"}
