"""`qingdan.convert` against `qingdan convert --ndjson`."""

import pytest

import qingdan
from conftest import ROOT, cli


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


FOLDERS = ["fixtures", "tests/formats", "tests/pdf"]


@pytest.mark.parametrize("jobs", [None, 1, 3])
def test_convert_is_the_cli_ndjson_in_order(jobs):
    run = cli("convert", *FOLDERS, "--ndjson")
    expected = run.ndjson()
    assert len(expected) > 80
    got = qingdan.convert(FOLDERS, jobs=jobs, errors="skip")
    assert list(got) == expected
    # The files the command could not use are the ones skipped, with its messages.
    assert [m for _, m in got.errors] == run.messages()


def test_one_file_and_one_folder_given_alone():
    path = "fixtures/002_53f1ec094fe4d388.txt"
    assert list(qingdan.convert(path)) == cli("convert", path, "--ndjson").ndjson()
    assert list(qingdan.convert("fixtures")) == cli("convert", "fixtures", "--ndjson").ndjson()


def test_it_is_lazy_and_ordered():
    it = qingdan.convert(["fixtures"], jobs=2)
    assert it.__length_hint__() == 10
    first = next(it)
    assert first["source"]["file"] == "000_e26b50a82a71a634.txt"
    assert [d["source"]["file"] for d in it][-1] == "l05_guangzhou_tianhe.txt"
    with pytest.raises(StopIteration):
        next(it)


def make_batch(tmp_path):
    (tmp_path / "a.txt").write_bytes((ROOT / "fixtures/000_e26b50a82a71a634.txt").read_bytes())
    (tmp_path / "b.txt").write_text("没有清单\n只有正文\n", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").write_bytes((ROOT / "fixtures/004_d4f3a1b82a3e90a4.txt").read_bytes())
    return tmp_path


def test_errors_raise_in_turn_or_are_skipped(tmp_path):
    folder = make_batch(tmp_path)
    run = cli("convert", folder, "--ndjson")
    assert run.code == 1
    assert len(run.messages()) == 2
    it = qingdan.convert(folder)
    assert next(it)["source"]["file"] == "a.txt"
    with pytest.raises(qingdan.NoListError) as e:
        next(it)
    assert str(e.value) == run.messages()[0]
    with pytest.raises(qingdan.UnreadableError) as e:
        next(it)
    assert str(e.value) == run.messages()[1]
    assert next(it)["source"]["file"] == "d.txt"
    skipped = qingdan.convert(folder, errors="skip")
    assert list(skipped) == run.ndjson()
    assert [(n, m) for n, m in skipped.errors] == [("b.txt", run.messages()[0]), ("c.txt", run.messages()[1])]


def test_bad_arguments():
    run = cli("convert", "no-such-folder", "--ndjson")
    with pytest.raises(qingdan.UnreadableError) as e:
        qingdan.convert(["no-such-folder"])
    assert [str(e.value)] == run.messages()
    with pytest.raises(ValueError):
        qingdan.convert(["fixtures"], jobs=0)
    with pytest.raises(ValueError):
        qingdan.convert(["fixtures"], errors="ignore")
