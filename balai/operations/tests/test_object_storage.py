"""Files on S3-compatible object storage, against a real server on this machine.

scripts/s3_server.sh starts a one-node Ceph cluster with the RADOS Gateway (Debian's ceph-mon,
ceph-osd, radosgw and ceph-common) on loopback; the session fixture starts it when it is not
already running (.ci/run starts it before the suite). Without those packages the tests are
skipped, except under CI=true, where they fail.

Each test has a bucket of its own. The storage under test is the production one:
EncryptedStorage wrapping balai.core.s3.S3Storage, so what reaches the server is ciphertext,
which the tests check by reading the raw objects with boto3.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
import requests
from botocore.config import Config
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings
from django.urls import reverse

from balai.core.s3 import S3Storage
from balai.core.storage import MAGIC, EncryptedStorage, StorageFull, StorageUnavailable

ROOT = Path(settings.BASE_DIR)
SCRIPT = ROOT / "scripts" / "s3_server.sh"
PORT = int(os.environ.get("BALAI_S3_PORT", "7480"))
ENDPOINT = f"http://127.0.0.1:{PORT}"
ACCESS_KEY = os.environ.get("BALAI_S3_ACCESS_KEY", "balai-test-access")
SECRET_KEY = os.environ.get("BALAI_S3_SECRET_KEY", "balai-test-secret-key-0123456789")
CONF = Path(os.environ.get("BALAI_S3_DIR", "/tmp/balai-s3")) / "ceph.conf"  # noqa: S108 - the script's default
COMMANDS = ("ceph-mon", "ceph-osd", "radosgw", "radosgw-admin", "ceph", "monmaptool")
# The host name browsers use for files; requests to it reach the same gateway through a proxy
# that keeps the Host header, as the one of docs/deployment.md does.
PUBLIC_HOST = "berkas.balai.test"

SECRET = b"NIK 6112014508900001, Siti Aminah"


def _command(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is not installed"
    return path


@dataclass(frozen=True)
class Server:
    endpoint: str
    seconds_to_start: float

    def client(self, endpoint: str | None = None) -> Any:
        return boto3.client("s3", endpoint_url=endpoint or self.endpoint, region_name="us-east-1",
                            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                            config=Config(s3={"addressing_style": "path"},
                                          signature_version="s3v4"))


def _script(action: str, timeout: int = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["/bin/bash", str(SCRIPT), action],  # noqa: S603 - fixed arguments
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="session")
def s3_server() -> Iterator[Server]:
    missing = [command for command in COMMANDS if shutil.which(command) is None]
    if missing:
        reason = (f"no S3-compatible server here: {', '.join(missing)} not installed "
                  "(apt-get install ceph-mon ceph-osd radosgw ceph-common)")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    was_running = _script("status").returncode == 0
    started = time.monotonic()
    result = _script("start", timeout=180)
    if result.returncode != 0:
        pytest.fail(f"scripts/s3_server.sh start failed:\n{result.stdout}\n{result.stderr}")
    yield Server(ENDPOINT, round(time.monotonic() - started, 1))
    # Under xdist another worker may still use it: the last one out cannot be known, so a
    # server started there stays up (scripts/s3_server.sh stop ends it).
    if not was_running and not os.environ.get("PYTEST_XDIST_WORKER"):
        _script("stop")


@pytest.fixture
def bucket(s3_server: Server) -> Iterator[str]:
    name = f"balai-test-{uuid.uuid4().hex[:12]}"
    client = s3_server.client()
    client.create_bucket(Bucket=name)
    yield name
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)


def inner_options(bucket: str, endpoint: str = ENDPOINT, **extra: Any) -> dict[str, Any]:
    return {"bucket_name": bucket, "endpoint_url": endpoint, "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY, "region_name": "us-east-1", **extra}


def s3_storages(bucket: str, endpoint: str = ENDPOINT) -> dict[str, Any]:
    """settings.STORAGES as a deployment on S3 has it (DEFAULT_FILE_STORAGE=...S3Storage)."""
    return {
        "default": {"BACKEND": "balai.core.storage.EncryptedStorage",
                    "OPTIONS": {"inner": {"BACKEND": "balai.core.s3.S3Storage",
                                          "OPTIONS": inner_options(bucket, endpoint)}}},
        "staticfiles": settings.STORAGES["staticfiles"],
    }


def raw_objects(server: Server, bucket: str) -> dict[str, bytes]:
    client = server.client()
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            for item in listed}


def test_files_reach_the_bucket_encrypted_and_read_back_in_plaintext(s3_server, bucket):
    storage = EncryptedStorage(inner={"BACKEND": "balai.core.s3.S3Storage",
                                      "OPTIONS": inner_options(bucket)})
    name = storage.save("permohonan/2026/scan.pdf", ContentFile(SECRET))

    objects = raw_objects(s3_server, bucket)
    assert list(objects) == [name]
    assert objects[name].startswith(MAGIC)
    assert SECRET not in objects[name] and b"Siti Aminah" not in objects[name]

    assert storage.exists(name)
    with storage.open(name) as handle:
        assert handle.read() == SECRET
    assert storage.size(name) == len(SECRET)
    assert storage.listdir("permohonan/2026") == ([], ["scan.pdf"])
    # Backups walk the inner storage: they archive the objects as stored, encrypted.
    from balai.operations.backup import stored_files
    assert list(stored_files(storage.inner)) == [name]
    storage.delete(name)
    assert not storage.exists(name)
    assert raw_objects(s3_server, bucket) == {}


def test_a_taken_name_is_never_overwritten_so_key_rotation_keeps_the_old_copy(s3_server,
                                                                              bucket):
    storage = EncryptedStorage(inner={"BACKEND": "balai.core.s3.S3Storage",
                                      "OPTIONS": inner_options(bucket)})
    first = storage.save("dokumen/akta.pdf", ContentFile(b"pertama"))
    second = storage.save("dokumen/akta.pdf", ContentFile(b"kedua"))
    assert first != second

    rewrapped = storage.rewrap(first)
    assert rewrapped not in (first, second)
    assert set(raw_objects(s3_server, bucket)) == {first, second, rewrapped}
    with storage.open(rewrapped) as handle:
        assert handle.read() == b"pertama"


def test_a_citizen_upload_goes_to_the_bucket_and_its_download_decrypts_it(
        s3_server, bucket, client, citizen, office_a):
    from balai.applications.models import Upload
    from balai.applications.tests.helpers import PDF, akta_definition, akta_values
    from balai.core.testing import sign_in

    akta = akta_definition(office_a)
    code = akta.service.code
    with override_settings(STORAGES=s3_storages(bucket)):
        sign_in(client, citizen.user)
        client.post(reverse("applications:apply", kwargs={"code": code}), akta_values())
        response = client.post(reverse("applications:apply_uploads", kwargs={"code": code}),
                               {"surat-lahir": ContentFile(PDF, name="surat.pdf")})
        assert response.status_code == 200  # the other three are still missing

        upload = Upload.objects.get(requirement="surat-lahir")
        objects = raw_objects(s3_server, bucket)
        assert list(objects) == [upload.file.name]
        assert objects[upload.file.name].startswith(MAGIC) and PDF not in objects[upload.file.name]

        download = client.get(reverse("applications:upload",
                                      kwargs={"upload_id": upload.pk}))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF


def test_the_bucket_is_private(s3_server, bucket):
    storage = EncryptedStorage(inner={"BACKEND": "balai.core.s3.S3Storage",
                                      "OPTIONS": inner_options(bucket)})
    name = storage.save("pengaduan/foto.jpg", ContentFile(SECRET))
    anonymous = requests.get(f"{ENDPOINT}/{bucket}/{name}", timeout=10)
    assert anonymous.status_code == 403
    # The application never hands out an address of a file: they are served, decrypted, by
    # permission-checked views.
    assert storage.url(name) == ""


def test_signed_urls_are_signed_for_the_public_host_name(s3_server, bucket):
    public = f"http://{PUBLIC_HOST}:{PORT}"
    inner = S3Storage(**inner_options(bucket, public_endpoint_url=public))
    name = inner.save("arsip/berkas.bin", ContentFile(b"isi berkas"))

    url = inner.url(name, expire=60)
    parts = urlsplit(url)
    assert parts.netloc == f"{PUBLIC_HOST}:{PORT}"
    assert "X-Amz-Signature=" in parts.query and "X-Amz-Expires=60" in parts.query
    direct = f"{ENDPOINT}{parts.path}?{parts.query}"

    # Through the public host (a proxy passing the Host header on to the gateway): it works.
    fetched = requests.get(direct, headers={"Host": f"{PUBLIC_HOST}:{PORT}"}, timeout=10)
    assert fetched.status_code == 200 and fetched.content == b"isi berkas"
    # The same signature for the internal host name does not: the host is signed.
    assert requests.get(direct, timeout=10).status_code == 403
    # Nor does a changed key or expiry.
    assert requests.get(direct.replace("X-Amz-Expires=60", "X-Amz-Expires=6000"),
                        headers={"Host": f"{PUBLIC_HOST}:{PORT}"}, timeout=10).status_code == 403


@pytest.fixture
def second_gateway(s3_server: Server) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A gateway of its own on the same cluster, which a test may stop without disturbing
    the other tests."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [_command("radosgw"), "-f", "-c", str(CONF), "-n", f"client.rgw.t{port}",
         "--rgw-frontends", f"beast endpoint=127.0.0.1:{port}",
         "--log-file", str(CONF.parent / "log" / f"rgw-{port}.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(endpoint, timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("a second radosgw did not start")
        time.sleep(0.2)
    yield endpoint, process
    process.kill()
    process.wait(timeout=10)


@pytest.mark.django_db
def test_readyz_checks_the_object_storage_and_fails_clearly_when_it_stops(
        client, bucket, second_gateway):
    endpoint, gateway = second_gateway
    with override_settings(STORAGES=s3_storages(bucket, endpoint)):
        response = client.get("/readyz")
        assert response.status_code == 200, response.json()
        assert response.json()["checks"]["storage"]["ok"] is True
        # The probe file is gone again.
        assert storages["default"].listdir("readyz") == ([], [])

        gateway.kill()
        gateway.wait(timeout=10)
        started = time.monotonic()
        response = client.get("/readyz")
        seconds = time.monotonic() - started

    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["storage"]
    assert body["checks"]["storage"] == {"ok": False, "error": "StorageUnavailable",
                                         "latency_ms": body["checks"]["storage"]["latency_ms"]}
    assert endpoint not in response.content.decode()
    assert seconds < 10  # short timeouts: a load balancer is not kept waiting


def _radosgw_admin(*args: str) -> None:
    subprocess.run([_command("radosgw-admin"), "-c", str(CONF), *args],  # noqa: S603
                   check=True,
                   capture_output=True, timeout=60)


def test_a_full_bucket_gives_a_clear_error_and_loses_no_application(
        s3_server, bucket, client, citizen, office_a):
    from balai.applications.models import Application, Upload
    from balai.applications.tests.helpers import PDF, akta_definition, akta_values
    from balai.core.testing import sign_in

    # A quota smaller than one encrypted scan: the gateway answers QuotaExceeded.
    _radosgw_admin("quota", "set", "--quota-scope=bucket", f"--bucket={bucket}",
                   f"--max-size={len(PDF) // 2}")
    _radosgw_admin("quota", "enable", "--quota-scope=bucket", f"--bucket={bucket}")
    storage = EncryptedStorage(inner={"BACKEND": "balai.core.s3.S3Storage",
                                      "OPTIONS": inner_options(bucket)})
    with pytest.raises(StorageFull):
        storage.save("uji/penuh.pdf", ContentFile(PDF))

    akta = akta_definition(office_a)
    code = akta.service.code
    with override_settings(STORAGES=s3_storages(bucket)):
        sign_in(client, citizen.user)
        client.post(reverse("applications:apply", kwargs={"code": code}), akta_values())
        response = client.post(reverse("applications:apply_uploads", kwargs={"code": code}),
                               {"surat-lahir": ContentFile(PDF, name="surat.pdf")})

        assert response.status_code == 503
        page = response.content.decode()
        assert "Penyimpanan berkas sedang penuh" in page
        assert "tersimpan sebagai draf" in page
        draft = Application.objects.get(applicant=citizen.user)
        assert draft.is_draft and draft.data["nama_anak"] == akta_values()["nama_anak"]

        # The same through the API: a structured 503 that says when to try again.
        from balai.api.tests.helpers import token_for, upload
        answer = upload(client, token_for(citizen.user), str(draft.pk), "kk", PDF)
        assert answer.status_code == 503
        assert answer.json()["code"] == "STORAGE_FULL"
        assert answer["Retry-After"] == "300"

    assert not Upload.objects.filter(application=draft).exists()
    assert raw_objects(s3_server, bucket) == {}


def test_storage_errors_are_told_apart(tmp_path):
    import errno

    from botocore.exceptions import ClientError, EndpointConnectionError

    from balai.core.storage import _storage_error

    assert isinstance(_storage_error(OSError(errno.ENOSPC, "full")), StorageFull)
    assert isinstance(_storage_error(OSError(errno.EDQUOT, "quota")), StorageFull)
    assert _storage_error(OSError(errno.EACCES, "denied")) is None
    quota = ClientError({"Error": {"Code": "QuotaExceeded"}}, "PutObject")
    assert isinstance(_storage_error(quota), StorageFull)
    denied = ClientError({"Error": {"Code": "AccessDenied"}}, "PutObject")
    assert type(_storage_error(denied)) is StorageUnavailable
    assert type(_storage_error(EndpointConnectionError(endpoint_url="x"))) is StorageUnavailable


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB file system of its own (tmpfs), to be filled up."""
    mount = tmp_path / "berkas"
    mount.mkdir()
    result = subprocess.run([_command("mount"), "-t", "tmpfs", "-o", "size=64k",  # noqa: S603
                             "tmpfs", str(mount)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {result.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run([_command("umount"), str(mount)], check=False)  # noqa: S603


@pytest.mark.django_db
def test_a_full_disk_gives_a_clear_error_leaves_no_half_written_file_and_fails_readyz(
        small_disk, client):
    storages_on_disk = {
        "default": {"BACKEND": "balai.core.storage.EncryptedStorage",
                    "OPTIONS": {"inner": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                          "OPTIONS": {"location": str(small_disk)}}}},
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    with override_settings(STORAGES=storages_on_disk):
        storage = storages["default"]
        kept = storage.save("lama/ktp.pdf", ContentFile(SECRET))
        with pytest.raises(StorageFull):
            storage.save("baru/besar.pdf", ContentFile(os.urandom(100 * 1024)))
        assert storage.listdir("baru") == ([], [])  # the truncated file was removed
        with storage.open(kept) as handle:
            assert handle.read() == SECRET  # what was stored before is intact

        # Fill the disk to the last block.
        with pytest.raises(OSError):
            for number in range(64):
                (small_disk / f"pengisi-{number}").write_bytes(b"\0" * 4096)
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["error"] == "StorageFull"
