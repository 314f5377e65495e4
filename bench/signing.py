"""Benchmark: the time to sign one issued document.

    .venv/bin/python bench/signing.py --count 30

Renders one document (documents/generic.html) and signs it `count` times in each way, with a
throwaway development PKI and SQLite database under var/bench/signing/:

- `b-b`: the signature alone (PAdES B-B), what Balai did before signatures became B-LTA;
- `b-lta-in-process`: signing.sign_pdf without BALAI_TSA_URL: the development TSA, CRL and OCSP
  answers made in process (development, the task worker);
- `b-lta-http`: signing.sign_pdf with BALAI_TSA_URL pointing at a Balai served on 127.0.0.1 by a
  WSGI server thread, which the CRL/OCSP addresses of the certificates also name (production
  fetches the same way from the PSrE's TSA and responders, with their network latency on top).

Prints and writes bench/results/signing.json: median, p95 and max per way, and the size of the
signed PDF.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


def _setup(work: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["BALAI_VAR_DIR"] = str(work)
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _figures(name: str, times: list[float], size: int) -> dict[str, object]:
    ordered = sorted(times)
    return {"way": name, "count": len(times), "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
            "max_ms": round(ordered[-1], 1), "pdf_bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=30, help="signatures per way")
    args = parser.parse_args()

    work = ROOT / "var" / "bench" / "signing"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _setup(work)

    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, SimpleSigner

    from balai.documents import pki, rendering, signing

    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=_ThreadingServer,
                         handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    settings.BALAI_PUBLIC_URL = base_url
    directory = Path(settings.BALAI_DEV_PKI_DIR)
    certificate = pki.ensure_certificate(directory, username="pejabat.bench",
                                         full_name="Drs. Hendra Gunawan", base_url=base_url)
    signer = SimpleSigner.load_pkcs12_data(certificate.path.read_bytes(), other_certs=[],
                                           passphrase=pki.DEV_P12_PASSWORD)
    pdf = rendering.render_pdf("documents/generic.html", {
        "intro": "Telah dicatat kelahiran:", "rows": [("Nama anak", "Putri Ayu Lestari")],
        "verification_url": f"{base_url}/verifikasi/ABCDEFGHJKMNPQRSTUVW/"})

    def b_b() -> bytes:
        metadata = PdfSignatureMetadata(field_name="Signature1", subfilter=SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
        output = PdfSigner(metadata, signer=signer).sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)))
        return bytes(output.getvalue())

    def b_lta() -> bytes:
        return signing.sign_pdf(pdf, signer=signer, signer_name="Drs. Hendra Gunawan",
                                location="Kabupaten Kubu Raya")

    results = []
    for name, tsa_url, sign in [("b-b", "", b_b), ("b-lta-in-process", "", b_lta),
                                ("b-lta-http", f"{base_url}/pki/tsa", b_lta)]:
        settings.BALAI_TSA_URL = tsa_url
        sign()  # warm up: imports, the TSA certificate, connection set-up
        times = []
        for _ in range(args.count):
            started = time.perf_counter()
            signed = sign()
            times.append((time.perf_counter() - started) * 1000)
        results.append(_figures(name, times, len(signed)))
        print(f"{name:18} median {results[-1]['median_ms']:7.1f} ms  "
              f"p95 {results[-1]['p95_ms']:7.1f} ms  max {results[-1]['max_ms']:7.1f} ms  "
              f"{len(signed)} bytes")
    server.shutdown()
    output_path = ROOT / "bench" / "results" / "signing.json"
    output_path.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
