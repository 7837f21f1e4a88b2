"""`qingdan.quantities` and `quantities_many` against `qingdan quantities`."""

import json

import pytest

import qingdan
from conftest import ROOT, cli

LINES = [
    l
    for p in sorted((ROOT / "fixtures").glob("*.txt"))
    for l in p.read_text(encoding="utf-8").splitlines()
]


def test_one_text_is_the_cli_line():
    text = "80-89岁、90-99岁和百岁以上老年人每人每月分别不低于50元、200元和500元"
    expected = cli("quantities", text).ndjson()
    assert expected[0]["text"] == text
    got = qingdan.quantities(text)
    assert got == expected[0]["quantities"]
    money = [q for q in got if q["kind"] == "money"]
    assert [(q["value"], q["age"]["min"]) for q in money] == [(50, 80), (200, 90), (500, 100)]
    assert qingdan.quantities("没有数字") == []


@pytest.mark.parametrize("jobs", [None, 1, 2, 5])
def test_many_lines_are_the_cli_stdin_lines(jobs):
    stdin = ("\n".join(LINES) + "\n").encode("utf-8")
    expected = [line["quantities"] for line in cli("quantities", stdin=stdin).ndjson()]
    assert len(expected) == len(LINES) > 1000
    assert sum(len(q) for q in expected) > 300
    assert qingdan.quantities_many(LINES, jobs=jobs) == expected


def test_lines_of_a_file_keep_their_breaks_out(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_bytes("每人每月100元\r\n年满80周岁每年发放1200元\n百岁老人500元".encode("utf-8"))
    expected = [l["quantities"] for l in cli("quantities", stdin=path.read_bytes()).ndjson()]
    with open(path, encoding="utf-8", newline="") as f:
        assert qingdan.quantities_many(f) == expected
    assert qingdan.quantities_many(iter([])) == []


def test_bad_arguments():
    with pytest.raises(TypeError):
        qingdan.quantities_many("每人每月100元")
    with pytest.raises(ValueError):
        qingdan.quantities_many(["x"], jobs=0)
    with pytest.raises(TypeError):
        qingdan.quantities_many([1, 2])  # type: ignore[list-item]
