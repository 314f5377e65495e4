import base64
import secrets

import pytest

from balai.core import crypto


def _key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def test_encrypt_round_trips_and_names_the_key(settings):
    token = crypto.encrypt("6112015708900003")
    assert "6112015708900003" not in token
    assert crypto.key_id_of(token) == crypto.current_key_id()
    assert crypto.decrypt(token) == "6112015708900003"


def test_encrypting_twice_gives_different_ciphertexts():
    assert crypto.encrypt("sama") != crypto.encrypt("sama")


def test_old_key_still_decrypts_after_a_new_key_is_added(settings):
    old = crypto.encrypt("data lama")
    settings.BALAI_DATA_KEYS = f"baru:{_key()},{settings.BALAI_DATA_KEYS}"
    assert crypto.current_key_id() == "baru"
    assert crypto.decrypt(old) == "data lama"


def test_tampered_ciphertext_is_refused():
    token = crypto.encrypt("asli")
    raw = bytearray(base64.b64decode(token.split(":", 1)[1]))
    raw[-1] ^= 1
    forged = token.split(":", 1)[0] + ":" + base64.b64encode(bytes(raw)).decode()
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(forged)


def test_blind_index_is_deterministic_and_purpose_bound():
    a = crypto.blind_index("6112015708900003", purpose="nik")
    assert a == crypto.blind_index("6112015708900003", purpose="nik")
    assert a != crypto.blind_index("6112015708900003", purpose="phone")
    assert "6112015708900003" not in a
