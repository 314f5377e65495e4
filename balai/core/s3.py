"""Files on S3-compatible object storage: the inner storage of EncryptedStorage.

    DEFAULT_FILE_STORAGE=balai.core.s3.S3Storage

with the bucket and endpoint in settings (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL,
AWS_S3_REGION_NAME, AWS_S3_PUBLIC_ENDPOINT_URL) and the keys in the environment
(AWS_S3_ACCESS_KEY_ID, AWS_S3_SECRET_ACCESS_KEY, read by django-storages). The objects are
what EncryptedStorage hands over: ciphertext. This class changes three defaults of
django-storages' S3Storage:

- it never overwrites: a name that is taken gets a suffix, as on the file system, so that
  EncryptedStorage.rewrap() (key rotation) writes a new object before the old one goes;
- short timeouts and one retry, so that an unreachable server fails a request (and /readyz)
  within seconds instead of minutes;
- signed URLs name the public host: the application reaches the server at AWS_S3_ENDPOINT_URL
  (an internal address), while a URL handed to a browser must be signed for the host the
  browser sends (AWS_S3_PUBLIC_ENDPOINT_URL), since the host is part of the signature.
"""

from __future__ import annotations

import threading
from typing import Any

from botocore.config import Config
from storages.backends import s3
from storages.utils import clean_name, setting

CONNECT_TIMEOUT = 3
READ_TIMEOUT = 15


class S3Storage(s3.S3Storage):
    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self._public_clients = threading.local()

    def get_default_settings(self) -> dict[str, Any]:
        defaults = super().get_default_settings()
        defaults["file_overwrite"] = setting("AWS_S3_FILE_OVERWRITE", False)
        defaults["addressing_style"] = setting("AWS_S3_ADDRESSING_STYLE") or "path"
        defaults["signature_version"] = setting("AWS_S3_SIGNATURE_VERSION") or "s3v4"
        defaults["public_endpoint_url"] = setting("AWS_S3_PUBLIC_ENDPOINT_URL") or None
        if defaults["client_config"] is None:
            defaults["client_config"] = Config(
                s3={"addressing_style": defaults["addressing_style"]},
                signature_version=defaults["signature_version"],
                connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT,
                retries={"total_max_attempts": 2, "mode": "standard"},
            )
        return defaults

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("_public_clients", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        self._public_clients = threading.local()

    def _public_client(self) -> Any:
        client = getattr(self._public_clients, "client", None)
        if client is None:
            # No request goes through this client: it only signs URLs for the public host.
            client = self._create_session().client(
                "s3", region_name=self.region_name, use_ssl=self.use_ssl,
                endpoint_url=self.public_endpoint_url, config=self.client_config,
                verify=self.verify)
            self._public_clients.client = client
        return client

    def url(self, name: str, parameters: dict[str, Any] | None = None,
            expire: int | None = None, http_method: str | None = None) -> str:
        if not self.public_endpoint_url or self.custom_domain or not self.querystring_auth:
            return super().url(name, parameters, expire, http_method)
        params = dict(parameters or {})
        params["Bucket"] = self.bucket_name
        params["Key"] = self._normalize_name(clean_name(name))
        return self._public_client().generate_presigned_url(
            "get_object", Params=params,
            ExpiresIn=self.querystring_expire if expire is None else expire,
            HttpMethod=http_method)
