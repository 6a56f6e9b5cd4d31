"""Hostile files for the import tests: FIFOs, device files, links to them, a PDF page bomb.

Anything that could hang or eat memory on a broken reader runs in a child process with a
timeout and a memory cap, so a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import zlib
from pathlib import Path

EXE = Path(sys.executable).parent / "imr-review"
MEMORY_CAP = 2 * 2**30  # a reader that reads /dev/zero to the end meets this, not the machine's


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(args: list[str], timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """Run a command with a memory cap; a hang past ``timeout`` raises TimeoutExpired."""
    return subprocess.run(
        args, capture_output=True, text=True, timeout=timeout, preexec_fn=_cap_memory, **kwargs
    )


def hostile_folder(folder: Path) -> dict[str, str]:
    """Files named like letters that are not regular files; name -> what it is."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, str] = {}
    os.mkfifo(folder / "pipe.txt")
    made["pipe.txt"] = "a FIFO"
    os.symlink("/dev/zero", folder / "zero.txt")
    made["zero.txt"] = "a link to /dev/zero"
    os.symlink("/dev/urandom", folder / "random.pdf")
    made["random.pdf"] = "a link to /dev/urandom"
    os.symlink(folder / "pipe.txt", folder / "pipe-link.pdf")
    made["pipe-link.pdf"] = "a link to a FIFO"
    if os.geteuid() == 0:  # a device node itself (mknod needs root)
        os.mknod(folder / "device.txt", stat.S_IFCHR | 0o600, os.makedev(1, 5))
        made["device.txt"] = "the /dev/zero device node"
    return made


def pdf_page_bomb(pages: int, lines_per_page: int = 2000) -> bytes:
    """A small PDF whose page tree lists one text-heavy page ``pages`` times."""
    lines = [
        f"(Line {n}: review denied Norco 10/325 mg #120 for claim {n * 7919}) '"
        for n in range(lines_per_page)
    ]
    content = "BT /F1 0.3 Tf 0.35 TL 20 780 Td\n" + "\n".join(lines) + "\nET"
    stream = zlib.compress(content.encode("ascii"), 9)
    kids = " ".join(["3 0 R"] * pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
