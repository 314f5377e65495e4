from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from balai.core.errors import DomainError
from balai.documents.actions import allocate_number
from balai.documents.testing import make_office

FORMAT = "AKL-{office}-{year}-{seq:06d}"


@pytest.mark.django_db
def test_allocate_number_counts_per_prefix_and_year():
    disdukcapil = make_office("disdukcapil")
    dinkes = make_office("dinkes")

    first = allocate_number(number_format=FORMAT, office=disdukcapil, year=2026)
    second = allocate_number(number_format=FORMAT, office=disdukcapil, year=2026)
    next_year = allocate_number(number_format=FORMAT, office=disdukcapil, year=2027)
    other_office = allocate_number(number_format=FORMAT, office=dinkes, year=2026)
    other_prefix = allocate_number(number_format="KIA-{office}-{year}-{seq:06d}",
                                   office=disdukcapil, year=2026)

    assert first == "AKL-DISDUKCAPIL-2026-000001"
    assert second == "AKL-DISDUKCAPIL-2026-000002"
    assert next_year == "AKL-DISDUKCAPIL-2027-000001"
    assert other_office == "AKL-DINKES-2026-000001"
    assert other_prefix == "KIA-DISDUKCAPIL-2026-000001"


@pytest.mark.django_db
def test_allocate_number_without_office_shares_one_sequence_across_offices():
    numbers = {allocate_number(number_format="SKD/{year}/{seq:05d}", office=make_office(code),
                               year=2026) for code in ("dinkes", "disdik")}

    assert numbers == {"SKD/2026/00001", "SKD/2026/00002"}


@pytest.mark.django_db
def test_allocated_numbers_never_repeat():
    office = make_office("disdukcapil")

    numbers = [allocate_number(number_format=FORMAT, office=office, year=2026)
               for _ in range(60)]

    assert len(set(numbers)) == 60
    assert numbers[-1] == "AKL-DISDUKCAPIL-2026-000060"


@pytest.mark.django_db
def test_number_rolled_back_with_its_document_is_given_again_not_skipped():
    # A rolled-back number was never issued, so reusing it does not reuse a citizen's number.
    office = make_office("disdukcapil")
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate_number(number_format=FORMAT, office=office, year=2026)
        raise RuntimeError

    assert allocate_number(number_format=FORMAT, office=office,
                           year=2026) == "AKL-DISDUKCAPIL-2026-000001"


@pytest.mark.django_db
@pytest.mark.parametrize("number_format", [
    "AKL-{office}-{seq:06d}",         # no year: numbers would repeat every year
    "AKL-{office}-{year}",            # no sequence
    "AKL-{kantor}-{year}-{seq:06d}",  # unknown field
    "AKL-{year}-{seq:06q}",           # bad format spec
])
def test_allocate_number_rejects_unsafe_formats(number_format):
    with pytest.raises(DomainError) as caught:
        allocate_number(number_format=number_format, office=make_office("disdukcapil"),
                        year=2026)

    assert caught.value.code == "DOCUMENT_NUMBER_FORMAT_INVALID"


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_share_a_number():
    if connection.vendor != "postgresql":
        # SQLite takes the database write lock at BEGIN (IMMEDIATE), so writers never overlap;
        # and the in-memory test database cannot be shared between threads.
        pytest.skip("row locking under concurrency is exercised on PostgreSQL")
    office = make_office("disdukcapil")
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            for _ in range(5):
                with transaction.atomic():
                    number = allocate_number(number_format=FORMAT, office=office, year=2026)
                with lock:
                    numbers.append(number)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == [f"AKL-DISDUKCAPIL-2026-{n:06d}" for n in range(1, 21)]
