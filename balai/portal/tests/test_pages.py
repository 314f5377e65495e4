from __future__ import annotations

import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from balai.portal import demo
from balai.portal.actions import save_faq_entry, save_faq_topic, save_service_location
from balai.portal.models import FaqEntry, ServiceLocation
from balai.portal.templatetags.portal import optional_url
from balai.portal.tests.html import links, tags

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/tentang/", "/bantuan/", "/kontak/", "/cari/", "/cari/?q=ktp"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_has_skip_link_and_landmarks(client, demo_content, url):
    html = client.get(url).content.decode()
    found = tags(html)
    names = [tag for tag, _ in found]
    assert found[names.index("a")][1] == {"class": "skip-link", "href": "#konten"}
    assert ("main", {"id": "konten", "class": "container", "tabindex": "-1"}) in found
    assert names.count("main") == 1 and "header" in names and "footer" in names
    assert any(tag == "nav" and attrs.get("aria-label") == "Menu utama" for tag, attrs in found)
    assert '<html lang="id">' in html
    assert names.count("h1") == 1


@pytest.mark.parametrize("url_name", ["portal:home", "portal:search", "portal:help",
                                      "portal:contact", "portal:about"])
def test_nav_marks_only_the_current_page(client, url_name):
    html = client.get(reverse(url_name)).content.decode()
    current = [attrs["href"] for tag, attrs in tags(html, within="nav")
               if tag == "a" and attrs.get("aria-current") == "page"]
    assert current == [reverse(url_name)]


def test_home_describes_every_service_area(client):
    html = client.get("/").content.decode()
    for heading in ["Layanan kependudukan", "Perizinan", "Pajak daerah", "Pengaduan",
                    "Informasi publik"]:
        assert re.search(rf'<h3>(<a href="[^"]+">)?{heading}(</a>)?</h3>', html), heading


def test_home_links_service_areas_to_the_catalogue_only_once_it_exists(client):
    html = client.get("/").content.decode()
    for category, heading in [("kependudukan", "Layanan kependudukan"),
                              ("perizinan", "Perizinan")]:
        url = optional_url("catalogue:category", category)
        if url:
            assert f'<h3><a href="{url}">{heading}</a></h3>' in html
        else:
            assert f"<h3>{heading}</h3>" in html
    # Complaints and public information are not built yet: described, not linked.
    assert "<h3>Pengaduan</h3>" in html and "<h3>Informasi publik</h3>" in html
    assert html.count("Segera hadir secara daring.") >= 3


def test_home_links_only_to_pages_that_exist(client, demo_content):
    html = client.get("/").content.decode()
    targets = {href.split("#")[0] for href in links(html, within="main")}
    assert targets >= {reverse("portal:help"), reverse("portal:contact")}
    for href in targets:
        assert client.get(href).status_code == 200, href


def test_home_search_box_submits_to_the_search_page(client):
    html = client.get("/").content.decode()
    forms = [attrs for tag, attrs in tags(html, within="main") if tag == "form"]
    assert forms == [{"action": reverse("portal:search"), "method": "get", "role": "search",
                      "class": "search-form", "novalidate": ""}]
    assert '<label for="id_q">Cari layanan atau informasi</label>' in html


def test_about_page_has_accessibility_statement(client):
    html = client.get(reverse("portal:about")).content.decode()
    assert '<h2 id="aksesibilitas">Pernyataan aksesibilitas</h2>' in html
    assert "WCAG 2.2" in html


def test_help_page_groups_published_entries_by_topic(client):
    account = save_faq_topic(actor=None, slug="akun", name="Akun", position=1)
    security = save_faq_topic(actor=None, slug="privasi", name="Privasi", position=2)
    save_faq_topic(actor=None, slug="kosong", name="Topik tanpa entri", position=3)
    save_faq_entry(actor=None, topic=security, slug="aman", question="Apakah data aman?",
                   answer="Ya.\n\nData dienkripsi.")
    save_faq_entry(actor=None, topic=account, slug="daftar", question="Cara daftar?",
                   answer="Pilih Daftar.")
    save_faq_entry(actor=None, topic=account, slug="rahasia", question="Draf tersembunyi?",
                   answer="Belum terbit.", is_published=False)

    html = client.get(reverse("portal:help")).content.decode()

    assert html.index('<h2 id="akun">Akun</h2>') < html.index('<h3 id="daftar">Cara daftar?</h3>')
    assert html.index('<h3 id="daftar">') < html.index('<h2 id="privasi">Privasi</h2>')
    assert html.index('<h2 id="privasi">') < html.index('<h3 id="aman">Apakah data aman?</h3>')
    assert "<p>Ya.</p>\n\n<p>Data dienkripsi.</p>" in html
    assert "Draf tersembunyi?" not in html
    assert "Topik tanpa entri" not in html


def test_help_page_query_count_does_not_grow_with_entries(client, demo_content,
                                                          django_assert_num_queries):
    assert FaqEntry.objects.count() >= 10
    with django_assert_num_queries(2):
        response = client.get(reverse("portal:help"))
    assert response.status_code == 200
    topic = save_faq_topic(actor=None, slug="baru", name="Topik baru", position=9)
    for n in range(15):
        save_faq_entry(actor=None, topic=topic, slug=f"baru-{n}", question=f"Soal {n}?",
                       answer="Jawab.")
    with django_assert_num_queries(2):
        response = client.get(reverse("portal:help"))
    assert "Soal 14?" in response.content.decode()


def test_contact_page_lists_locations_with_weekly_hours(client, demo_content):
    html = client.get(reverse("portal:contact")).content.decode()
    start = html.index('<h2 id="disdukcapil">')
    section = html[start:html.index("</section>", start)]
    assert "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kubu Raya" in section
    assert "<dt>Kecamatan</dt><dd>Sungai Raya</dd>" in section
    assert '<tr><th scope="row">Senin</th><td>08.00–15.00</td></tr>' in section
    assert '<tr><th scope="row">Jumat</th><td>08.00–11.00</td></tr>' in section
    assert '<tr><th scope="row">Sabtu</th><td>Tutup</td></tr>' in section
    assert 'href="mailto:disdukcapil@kuburayakab.go.id"' in section
    mall = html[html.index('<h2 id="mal-pelayanan-publik">'):]
    assert '<tr><th scope="row">Jumat</th><td>08.00–11.00, 13.30–15.30</td></tr>' in mall
    for name in demo.KECAMATAN:
        assert f">Kantor Camat {name}</h2>" in html


def test_contact_page_hides_unpublished_locations(client, demo_content):
    ServiceLocation.objects.filter(slug="disdukcapil").update(is_published=False)
    html = client.get(reverse("portal:contact")).content.decode()
    assert 'id="disdukcapil"' not in html
    assert 'id="mal-pelayanan-publik"' in html


def test_contact_page_query_count_does_not_grow_with_locations(client, demo_content,
                                                               django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get(reverse("portal:contact"))
    for n in range(5):
        save_service_location(actor=None, slug=f"desa-{n}", name=f"Kantor Desa {n}",
                              address="Jalan Desa", opening_hours=demo.OFFICE_HOURS)
    with django_assert_num_queries(2):
        response = client.get(reverse("portal:contact"))
    assert "Kantor Desa 4" in response.content.decode()


def test_pages_without_content_say_so(client):
    assert "Belum ada pertanyaan yang dimuat." in client.get("/bantuan/").content.decode()
    assert "Belum ada lokasi layanan yang dimuat." in client.get("/kontak/").content.decode()


def test_optional_url_is_empty_for_a_page_that_is_not_installed():
    template = Template("{% load portal %}[{% optional_url 'pengaduan:index' %}]"
                        "[{% optional_url 'portal:contact' %}]")
    assert template.render(Context()) == "[][/kontak/]"


class _ComponentForm(forms.Form):
    nama = forms.CharField(label="Nama", help_text="Sesuai KTP-el.")
    setuju = forms.BooleanField(label="Saya setuju")
    jenis = forms.ChoiceField(label="Jenis", choices=[("a", "A"), ("b", "B")],
                              widget=forms.RadioSelect)
    catatan = forms.CharField(label="Catatan", required=False)


def _render_form(form: forms.Form) -> str:
    return Template(
        "{% include 'components/error_summary.html' %}"
        "{% for field in form %}{% include 'components/field.html' with field=field %}{% endfor %}"
    ).render(Context({"form": form}))


def test_field_component_links_hint_and_error_to_the_input():
    form = _ComponentForm(data={"nama": "", "jenis": "x"})
    html = _render_form(form)
    assert '<label for="id_nama">Nama</label>' in html
    assert '<p class="hint" id="id_nama_helptext">Sesuai KTP-el.</p>' in html
    assert '<p class="error-message" id="id_nama_error">' in html
    assert 'aria-invalid="true" aria-describedby="id_nama_helptext id_nama_error"' in html
    assert '<span class="optional">(opsional)</span>' in html


def test_field_component_groups_radios_in_a_fieldset_and_puts_checkboxes_first():
    html = _render_form(_ComponentForm(data={"jenis": "x"}))
    assert '<fieldset aria-describedby="id_jenis_error">' in html
    assert "<legend>Jenis</legend>" in html
    assert re.search(r'<div class="checkbox"><input type="checkbox" name="setuju"[^>]*>'
                     r'<label for="id_setuju">Saya setuju</label></div>', html)


def test_error_summary_links_each_error_to_its_field():
    html = _render_form(_ComponentForm(data={"jenis": "x"}))
    assert 'class="error-summary" role="alert"' in html
    assert '<li><a href="#id_nama">' in html
    assert '<li><a href="#id_setuju">' in html
    assert '<li><a href="#id_jenis_0">' in html
    assert "error-summary" not in _render_form(_ComponentForm())
