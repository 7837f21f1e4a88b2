"""`qingdan.eligible`, `compare` and `diff` against the commands, from files and from dicts."""

import copy
import csv
import json

import pytest

import qingdan
from conftest import ROOT, cli


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


OUT = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "out").glob("*.json")
             if p.name not in ("index.json", "schema.json"))


@pytest.fixture(scope="module")
def parsed():
    """The fixtures parsed in-process: the same documents as out/ (convert --check holds)."""
    return [qingdan.parse(p) for p in sorted((ROOT / "fixtures").iterdir())]


def profiles():
    with open(ROOT / "tests/canonical/eligible.tsv", encoding="utf-8") as f:
        rows = [l for l in f if not l.startswith("#")]
    table = list(csv.DictReader(rows, delimiter="\t"))
    assert len(table) >= 20
    return table


@pytest.mark.parametrize("p", profiles(), ids=lambda p: p["id"])
def test_eligible_is_the_cli_answer(p, parsed):
    groups = [g for g in p["groups"].split(",") if g]
    not_groups = [g for g in p["not_groups"].split(",") if g]
    args = ["eligible", "--age", p["age"], "--region", p["region"], "--format", "jsonl", "--all"]
    if groups:
        args += ["--group", ",".join(groups)]
    if not_groups:
        args += ["--not-group", ",".join(not_groups)]
    expected = cli(*args, *OUT).ndjson()
    assert len(expected) == 1
    kw = dict(age=int(p["age"]), groups=groups, not_groups=not_groups, region=p["region"], all=True)
    assert qingdan.eligible(OUT, **kw) == expected
    assert qingdan.eligible(parsed, **kw) == expected
    # The folder, as the command's default.
    assert qingdan.eligible("out", **kw) == expected


def test_eligible_everywhere_without_all(parsed):
    expected = cli("eligible", "--age", "82", "--format", "jsonl", "out").ndjson()
    assert len(expected) == 10
    got = qingdan.eligible(parsed, age=82)
    assert got == expected
    assert {s["status"] for a in got for s in a["services"]} == {"yes", "maybe"}
    assert qingdan.eligible(parsed, age=None, region="1405") == cli(
        "eligible", "--region", "1405", "--format", "jsonl", "out"
    ).ndjson()


def test_eligible_errors(tmp_path):
    run = cli("eligible", "--age", "82", "--group", "rich", "out")
    assert run.code == 2
    with pytest.raises(ValueError) as e:
        qingdan.eligible("out", age=82, groups=["rich"])
    assert [str(e.value)] == run.messages()
    with pytest.raises(TypeError):
        qingdan.eligible("out", age=82, groups="minimum-living")
    assert ("minimum-living" in [c for c, _ in qingdan.group_codes()])


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_compare_is_the_cli_matrix(fmt, parsed):
    run = cli("compare", "--format", fmt, "out")
    assert run.code == 0
    from_files = qingdan.compare("out", format=fmt)
    from_dicts = qingdan.compare(parsed, format=fmt)
    if fmt == "json":
        assert from_files == run.json() == from_dicts
        assert len(from_files["districts"]) == 10
    else:
        assert from_files == run.out == from_dicts


def test_compare_errors(tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"schema": "something/2"}', encoding="utf-8")
    run = cli("compare", other)
    assert run.code == 1
    with pytest.raises(qingdan.DocumentError) as e:
        qingdan.compare([other])
    assert str(e.value) == run.messages()[0]
    with pytest.raises(qingdan.UnreadableError) as e:
        qingdan.compare([tmp_path / "missing.json"])
    assert str(e.value) == cli("compare", tmp_path / "missing.json").messages()[0]
    with pytest.raises(qingdan.Error) as e:
        qingdan.compare([])
    assert str(e.value) == "no qingdan documents to compare"
    with pytest.raises(ValueError):
        qingdan.compare("out", format="pdf")


def changed(doc):
    """The README's example: one amount and one department changed, one service removed."""
    new = copy.deepcopy(doc)
    new["services"] = [s for s in new["services"] if s["seq"] != 29]
    for s in new["services"]:
        s["departments"] = ["区交通运输局" if d == "区交通局" else d for d in s["departments"]]
        for q in s["quantities"]:
            if q["kind"] == "money" and q["value"] == 1640:
                q["value"] = 1700
                q.pop("monthly", None)
    return new


def test_diff_is_the_cli_diff(tmp_path):
    old_path = "out/002_53f1ec094fe4d388.json"
    old = json.loads((ROOT / old_path).read_text(encoding="utf-8"))
    new = changed(old)
    new_path = tmp_path / "new.json"
    new_path.write_text(json.dumps(new, ensure_ascii=False), encoding="utf-8")
    for fmt in ("json", "text"):
        run = cli("diff", "--format", fmt, old_path, new_path)
        assert run.code == 1
        got = qingdan.diff(old_path, new_path, format=fmt)
        if fmt == "json":
            assert got == run.json()
            assert (len(got["added"]), len(got["removed"]), len(got["changed"])) == (0, 1, 2)
        else:
            assert got == run.out
    # From dicts, the documents are named by source.file.
    from_dicts = qingdan.diff(old, new)
    assert from_dicts["old"] == from_dicts["new"] == "002_53f1ec094fe4d388.txt"
    expected = cli("diff", "--format", "json", old_path, new_path).json()
    for key in ("added", "removed", "changed"):
        assert from_dicts[key] == expected[key]
    same = qingdan.diff(old, qingdan.parse("fixtures/002_53f1ec094fe4d388.txt"))
    assert (same["added"], same["removed"], same["changed"]) == ([], [], [])
    assert qingdan.diff(old_path, old_path, format="text") == cli("diff", old_path, old_path).out == ""


def test_diff_errors(tmp_path):
    run = cli("diff", "out/no-such.json", "out/000_e26b50a82a71a634.json")
    assert run.code == 2
    with pytest.raises(qingdan.UnreadableError) as e:
        qingdan.diff("out/no-such.json", "out/000_e26b50a82a71a634.json")
    assert [str(e.value)] == run.messages()
    with pytest.raises(qingdan.DocumentError):
        qingdan.diff({"schema": "x"}, "out/000_e26b50a82a71a634.json")
    with pytest.raises(ValueError):
        qingdan.diff("out/000_e26b50a82a71a634.json", "out/000_e26b50a82a71a634.json", format="html")
