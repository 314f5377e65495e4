"""The cache-backed throttle behind the abusable pages (balai.core.ratelimit)."""

import pytest
from django.test import override_settings

from balai.core import ratelimit

LIMITS = {"uji": {"ip": (2, 60), "account": (3, 600)}}


@pytest.fixture
def clock(monkeypatch):
    now = {"t": 1_800_000_000.0}  # the start of a 60 s and of a 600 s window
    monkeypatch.setattr(ratelimit.time, "time", lambda: now["t"])
    return now


@override_settings(BALAI_RATE_LIMITS=LIMITS)
def test_the_address_limit_refuses_with_the_seconds_left_in_the_window(clock):
    assert ratelimit.hit("uji", ip="10.0.0.1") is None
    clock["t"] += 10
    assert ratelimit.hit("uji", ip="10.0.0.1") is None
    refusal = ratelimit.hit("uji", ip="10.0.0.1")
    assert refusal is not None and refusal.kind == "ip"
    assert refusal.retry_after == 51
    # Another address, and the next window, start afresh.
    assert ratelimit.hit("uji", ip="10.0.0.2") is None
    clock["t"] += 51
    assert ratelimit.hit("uji", ip="10.0.0.1") is None


@override_settings(BALAI_RATE_LIMITS=LIMITS)
def test_the_account_limit_holds_across_addresses(clock):
    for n in range(3):
        assert ratelimit.hit("uji", ip=f"10.0.1.{n}", account="nik:abc") is None
    refusal = ratelimit.hit("uji", ip="10.0.1.9", account="nik:abc")
    assert refusal is not None and refusal.kind == "account" and refusal.retry_after == 601
    assert ratelimit.hit("uji", ip="10.0.1.9", account="nik:other") is None


@override_settings(BALAI_RATE_LIMITS=LIMITS)
def test_cache_keys_never_hold_the_identifier(clock):
    from django.core.cache import cache

    ratelimit.hit("uji", ip="10.0.0.1", account="nik:6112015708900003")
    keys = list(cache._cache.keys()) if hasattr(cache, "_cache") else []
    assert keys and not any("6112015708900003" in key or "10.0.0.1" in key for key in keys)


def test_an_unknown_scope_is_not_limited(clock):
    assert all(ratelimit.hit("tidak-ada", ip="10.0.0.1") is None for _ in range(100))


@override_settings(BALAI_RATE_LIMITS=LIMITS)
def test_the_message_says_when_to_try_again():
    message = ratelimit.retry_message(125)
    assert message.startswith("Terlalu banyak percobaan. Coba lagi dalam 3 menit (setelah pukul ")
    assert message.endswith(" WIB).")


@pytest.fixture
def file_cache(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": ratelimit.FILE_CACHE,
                                   "LOCATION": str(tmp_path / "cache")}}
    return tmp_path / "cache" / ratelimit.COUNTER_FOLDER


def test_file_cache_counters_lose_no_hit_across_threads(file_cache):
    import threading

    seen: list[int] = []

    def count() -> None:
        seen.extend(ratelimit.count_in_window("rl:uji:ip:a:1", 60) for _ in range(50))

    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert max(seen) == 400
    assert ratelimit.count_in_window("rl:uji:ip:a:1", 60) == 401
    assert ratelimit.count_in_window("rl:uji:ip:b:1", 60) == 1
    # The key itself is not in the file name (it holds a digest of an address or a NIK).
    assert all("uji" not in path.name for path in file_cache.iterdir())


def test_file_cache_counters_of_past_windows_are_removed(file_cache):
    import os
    import time

    ratelimit.count_in_window("rl:uji:ip:a:1", 60)
    ratelimit.count_in_window("rl:uji:ip:b:1", 60)
    old, recent = sorted(file_cache.iterdir())
    os.utime(old, (time.time() - 66, time.time() - 66))
    ratelimit.count_in_window("rl:uji:ip:c:2", 60)  # a first hit tidies up
    assert not old.exists() and recent.exists()
    assert len(list(file_cache.iterdir())) == 2


def test_hit_refuses_past_the_limit_with_the_file_cache(file_cache):
    with override_settings(BALAI_RATE_LIMITS=LIMITS):
        assert ratelimit.hit("uji", ip="10.0.0.9") is None
        assert ratelimit.hit("uji", ip="10.0.0.9") is None
        assert ratelimit.hit("uji", ip="10.0.0.9") is not None
