"""Compare benchmark results between sizes: `compare.py applications` prints a Markdown table
with the p95 ratio of the largest to the smallest size per page and database."""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main(name: str) -> None:
    runs: dict[str, dict[int, dict]] = {}
    for path in sorted(RESULTS.glob(f"{name}-*.json")):
        data = json.loads(path.read_text())
        runs.setdefault(data["db"], {})[data["size"]] = data
    print("| database | page | size | req/s | p50 ms | p95 ms | p95 ratio |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for db, sizes in runs.items():
        small, large = min(sizes), max(sizes)
        for i, result in enumerate(sizes[small]["results"]):
            base = result["p95_ms"]
            for size in sorted(sizes):
                r = sizes[size]["results"][i]
                ratio = f"{r['p95_ms'] / base:.2f}" if size == large and size != small else ""
                print(f"| {db} | {r['name']} | {size:,} | {r['rps']} | {r['p50_ms']} | "
                      f"{r['p95_ms']} | {ratio} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "applications")
