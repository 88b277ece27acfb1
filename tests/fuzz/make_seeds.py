#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora, one folder per target, from the
examples and the test cases (tests/fuzz/README.md says what each holds).

  make_seeds.py --baton BUILD/cli/baton --out BUILD/tests/fuzz/seeds
"""
import argparse
import pathlib
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SLAS = ["b2b-saas", "points-classic", "small-shop"]  # fuzz_records.cpp's order


def write(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def source_seeds(out):
    for path in sorted(ROOT.glob("examples/*.baton")) + sorted(ROOT.glob("tests/cases/*.baton")):
        write(out / "source", f"{path.parent.name}-{path.name}", path.read_bytes())


def bytecode_seeds(out, baton):
    # Every SLA that compiles, as its .batonc, raw (mode 0) and resealed (mode 1).
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(ROOT.glob("examples/*.baton")) + sorted(ROOT.glob("tests/cases/ok_*.baton")):
            target = pathlib.Path(tmp) / (path.stem + ".batonc")
            built = subprocess.run([baton, "build", str(path), "-o", str(target)], capture_output=True)
            if built.returncode != 0:
                continue
            data = target.read_bytes()
            write(out / "bytecode", f"{path.stem}-raw", b"\x00" + data)
            write(out / "bytecode", f"{path.stem}-sealed", b"\x01" + data)


def records_seeds(out):
    # Four leads per seed, so inputs stay small; the option byte picks the SLA
    # (and every third seed reads with --coerce).
    for index, sla in enumerate(SLAS):
        lines = (ROOT / "examples" / f"{sla}-leads.jsonl").read_bytes().splitlines()
        for start in range(0, len(lines), 4):
            options = index | (4 if start % 12 == 8 else 0)
            write(out / "records", f"{sla}-{start:04d}", bytes([options]) + b"\n".join(lines[start:start + 4]))
    write(out / "records", "duplicate-keys", b"\x00" + b'{"id":"a","id":"b"}\n{"id":"c","company_size":1,"company_size":2}')
    write(out / "records", "coerced", b"\x24" + b'{"id":"a","company_size":"12","events":[{"type":"page_view","at":"2026-11-20 10:00:00","url":"/pricing"}]}')


def service_seeds(out):
    lead = b'{"id":"L1","email":"a@big.example","company_size":40}'
    seeds = {
        "single": b"as_of=2026-11-23T00:00:00Z&explain=true\napplication/json\n" + lead,
        "batch": b"explain\napplication/x-ndjson\n" + lead + b"\r\n\n" + lead + b"\n",
        "either": b"as_of=2026-11-23\ntext/plain; charset=utf-8\n" + lead + b"\n" + lead,
        "escapes": b"as_of=2026-11-23T10%3A00%3A00%2B02%3A00&explain=0\napplication/JSONL\n" + lead,
        "typo": b"asof=2026-11-23&explain=maybe\n\n{}",
        "csv-mapped": b"map=Record+ID=id&map=Company+Name=company&map=Notes=\ntext/csv\n"
                      + (ROOT / "examples" / "crm-export.csv").read_bytes(),
        "csv-plain": b"\napplication/csv\nid,email,company_size\r\nA1,a@b.example,12\r\nA2,\"x,\"\"y\"\"\",z\n",
    }
    for name, data in seeds.items():
        write(out / "service_request", name, data)


def python_seeds(out):
    # Each mode of fuzz_python.py (the option byte's low bits) on a few leads.
    lines = (ROOT / "examples" / "b2b-saas-leads.jsonl").read_bytes().splitlines()
    csv = (ROOT / "examples" / "crm-export.csv").read_bytes()
    for start in range(0, 12, 4):
        leads = b"\n".join(lines[start:start + 4])
        write(out / "python", f"jsonl-{start:02d}", bytes([0 | (start & 4)]) + leads + b"\n\n")
        write(out / "python", f"frame-{start:02d}", bytes([2 | (4 << (start // 4))]) + leads)
        write(out / "python", f"explain-{start:02d}", bytes([3 | (start & 4)]) + lines[start])
    write(out / "python", "csv-mapped", b"\x05" + csv)
    write(out / "python", "csv-plain", b"\x01" + b"id,email,company_size\nA1,a@b.example,12\nA2,,x\n")
    write(out / "python", "not-utf8", b"\x00" + b'{"id":"\xff\xfe","email":"a@b.example"}\n{"id":"ok","email":"x@y.z"}')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    source_seeds(out)
    bytecode_seeds(out, args.baton)
    records_seeds(out)
    service_seeds(out)
    python_seeds(out)


if __name__ == "__main__":
    main()
