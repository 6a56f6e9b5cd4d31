"""`imr-review parse` and `imr-review import` from process start to exit, beside a minimal regex
pass over the same files, on synthetic text letters and on the real PDFs.

    .venv/bin/python benchmarks/parse_commands.py [--letters 5000] [--repeats 5]
        [--real ../shared/real-letters] [--real-copies 6]

Targets (issue 10), on 2 cores: parse >= 1,000 letters/s and import >= 700 letters/s for text
letters. Each figure is the wall clock of the whole command (`subprocess`, process start to
exit, output to a file), repeated: median, fastest and slowest. The regex pass is one process
that reads each file (PDFs through the same pypdfium2 text extraction), finds the case number
and the ": Upheld"/": Overturned" lines, and writes one JSON line per file: the least a parser
must do. The ratio says how many times slower than that the real commands are.
The machine is shared: note the load average printed beside the figures. Beside each wall-clock
rate is the CPU time the command and its workers used per letter (user + system, from process
start to exit); for the commands on all cores, letters per (CPU seconds / cores) is the rate they
would reach with the cores to themselves, an estimate that ignores waiting on the slowest worker.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, synthetic_texts

EXE = Path(sys.executable).parent / "imr-review"
REGEX_PASS = r"""
import json, re, sys
from pathlib import Path
CASE = re.compile(r"\bCM\d{2}-\d{7}\b")
DECISION = re.compile(r"^(.{3,400}?):\s*(Upheld|Overturned)\s*$", re.MULTILINE)
out = open(sys.argv[1], "w")
for name in sys.argv[2:]:
    if name.endswith(".pdf"):
        import pypdfium2
        document = pypdfium2.PdfDocument(Path(name).read_bytes())
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    else:
        text = Path(name).read_text(encoding="utf-8", errors="replace")
    case = CASE.search(text)
    items = [{"request": m.group(1), "determination": m.group(2)} for m in DECISION.finditer(text)]
    out.write(json.dumps({"source": name, "case_number": case and case.group(0), "items": items}) + "\n")
"""


def timed(
    command: list[str], repeats: int, before: list[str] | None = None
) -> list[tuple[float, float]]:
    """(wall seconds, CPU seconds of the command and its worker processes) per run."""
    runs = []
    for _ in range(repeats):
        if before:
            subprocess.run(before, check=True)
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs.append((wall, now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime))
    return runs


def line(
    label: str,
    count: int,
    runs: list[tuple[float, float]],
    baseline: list[tuple[float, float]] | None,
) -> str:
    rates = sorted(count / wall for wall, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    cores = os.cpu_count() or 1
    text = (
        f"  {label:34} {statistics.median(rates):7,.0f} letters/s "
        f"(slowest {rates[0]:,.0f}, fastest {rates[-1]:,.0f}; {len(rates)} runs); "
        f"CPU {cpu / count * 1000:.2f} ms/letter"
    )
    if baseline:
        wall = statistics.median(w for w, _ in runs)
        text += f"; {wall / statistics.median(w for w, _ in baseline):.1f}x the regex pass"
        if "all cores" in label:
            text += f"; {count / (cpu / cores):,.0f} letters/s if it had the {cores} cores alone"
    return text


def bench(label: str, files: list[str], folder: Path, repeats: int, tmp: Path) -> None:
    n = len(files)
    out = tmp / "out.jsonl"
    db = tmp / "bench.db"
    regex = timed([sys.executable, "-c", REGEX_PASS, str(out), *files], repeats)
    parse = timed([str(EXE), "parse", *files], repeats)
    parse_one = timed([str(EXE), "parse", "--workers", "1", *files], repeats)
    remove = [
        sys.executable,
        "-c",
        f"import glob,os;[os.remove(p) for p in glob.glob({str(db)!r}+'*')]",
    ]
    imp = timed([str(EXE), "import", "--db", str(db), str(folder)], repeats, before=remove)
    print(f"{label}: {n} files; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(line("minimal regex pass (1 process)", n, regex, None))
    print(line("imr-review parse (all cores)", n, parse, regex))
    print(line("imr-review parse --workers 1", n, parse_one, regex))
    print(line("imr-review import (all cores)", n, imp, regex))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--letters", type=int, default=5000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real-letters")
    ap.add_argument("--real-copies", type=int, default=6, help="each real PDF this many times")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        folder = tmp / "text"
        folder.mkdir()
        files = []
        for n, text in enumerate(synthetic_texts(args.letters, seed=11)):
            path = folder / f"letter-{n:05d}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
        bench("synthetic text letters (~6 KB)", files, folder, args.repeats, tmp)
        pdfs = sorted(args.real.glob("*.pdf")) if args.real.is_dir() else []
        if not pdfs:
            print(f"real PDFs: none at {args.real}; skipped")
            return
        folder = tmp / "pdf"
        folder.mkdir()
        files = []
        for copy in range(args.real_copies):
            for pdf in pdfs:
                # a byte appended after %%EOF makes each copy a distinct file for import
                target = folder / f"{pdf.stem}-{copy}.pdf"
                shutil.copyfile(pdf, target)
                with target.open("ab") as handle:
                    handle.write(b"\n%" + str(copy).encode() + b"\n")
                files.append(str(target))
        bench(
            f"real PDF letters ({len(pdfs)} x {args.real_copies})", files, folder, args.repeats, tmp
        )


if __name__ == "__main__":
    main()
