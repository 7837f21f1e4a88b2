"""Shared helpers: the repository, the `qingdan` CLI the package is compared with."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _binary() -> Path:
    """The CLI: $QINGDAN_BIN, else the repository's release build (built when missing)."""
    given = os.environ.get("QINGDAN_BIN")
    if given:
        return Path(given)
    path = ROOT / "target" / "release" / "qingdan"
    if not path.exists():
        cargo = shutil.which("cargo")
        if cargo is None:
            pytest.exit("the qingdan CLI is needed: set QINGDAN_BIN or install cargo", 2)
        subprocess.run(
            [cargo, "build", "--release", "--locked", "--bin", "qingdan"], cwd=ROOT, check=True
        )
    return path


BIN = _binary()


class Run:
    """One CLI run: exit status, stdout, stderr lines."""

    def __init__(self, proc: subprocess.CompletedProcess) -> None:
        self.code = proc.returncode
        self.out = proc.stdout.decode("utf-8")
        self.err = proc.stderr.decode("utf-8")

    def json(self):
        return json.loads(self.out)

    def ndjson(self):
        return [json.loads(line) for line in self.out.splitlines() if line]

    def messages(self):
        """stderr lines without the `qingdan: ` prefix: the messages the package raises."""
        return [l[len("qingdan: "):] for l in self.err.splitlines() if l.startswith("qingdan: ")]


def cli(*args, stdin: bytes = b"", cwd: Path = ROOT) -> Run:
    return Run(
        subprocess.run(
            [str(BIN), *map(str, args)], input=stdin, capture_output=True, cwd=cwd, check=False
        )
    )


def inputs():
    """Every fixture and rendering: fixtures/, tests/formats/ and tests/pdf/ (their files; the
    generators and READMEs excepted)."""
    found = []
    for folder in ("fixtures", "tests/formats", "tests/pdf"):
        for p in sorted((ROOT / folder).iterdir()):
            if p.is_file() and p.suffix not in (".py",) and p.name != "README.md":
                found.append(p)
    return found
