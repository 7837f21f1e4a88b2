"""to_frame, the schema, the stubs and py.typed, and the GIL released while Rust works."""

import ast
import sys
import threading
import time
from pathlib import Path

import pytest

import qingdan
from conftest import ROOT, cli

PACKAGE = Path(qingdan.__file__).parent


def test_schema_is_the_cli_schema():
    assert qingdan.schema() == cli("schema").json()


def test_frame_rows_flatten_every_amount():
    docs = [qingdan.parse(p) for p in sorted((ROOT / "fixtures").glob("*.txt"))]
    rows = qingdan.frame_rows(docs)
    # One row per service and money amount; one row for a service without an amount.
    expected = sum(
        max(1, sum(q["kind"] == "money" for q in s["quantities"]))
        for d in docs
        for s in d["services"]
    )
    assert len(rows) == expected
    assert all(list(r) == qingdan.FRAME_COLUMNS for r in rows)
    # 温县's 高龄津贴: three amounts, one per age band.
    wen = [r for r in rows if r["adcode"] == "410825" and r["item"] == "longevity-allowance"]
    assert [(r["age_min"], r["age_max"], r["value"], r["bound"]) for r in wen] == [
        (80, 89, 50, "min"),
        (90, 99, 200, "min"),
        (100, None, 500, "min"),
    ]
    assert {r["seq"] for r in wen} == {7}


def test_to_frame_from_a_docx():
    pd = pytest.importorskip("pandas")
    docx = ROOT / "tests/formats/002_53f1ec094fe4d388.docx"
    df = qingdan.to_frame([qingdan.parse(docx)])
    assert list(df.columns) == qingdan.FRAME_COLUMNS
    assert str(df["seq"].dtype) == "Int64"
    allowance = df[df["item"] == "longevity-allowance"]
    # 晋城市城区 #16 and #17: 80–89, 90–99 and 100+ a year each.
    assert allowance["value"].tolist() == [920, 2760, 5400, 1640, 3240, 5400]
    assert allowance["period"].unique().tolist() == ["year"]
    assert allowance["monthly"].round(2).tolist() == [76.67, 230, 450, 136.67, 270, 450]
    per_district = allowance.groupby("adcode")["monthly"].max()
    assert per_district.to_dict() == {"140502": 450}
    # Paths: a canonical .json is read, any other file parsed; the same frame either way.
    from_paths = qingdan.to_frame([docx, ROOT / "out/002_53f1ec094fe4d388.json"])
    assert len(from_paths) == 2 * len(df)
    assert isinstance(pd.DataFrame(), type(df))


def test_to_frame_without_pandas(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError) as e:
        qingdan.to_frame([])
    assert "pip install pandas" in str(e.value)


def test_to_frame_json_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(qingdan.DocumentError):
        qingdan.frame_rows([bad])
    with pytest.raises(qingdan.UnreadableError):
        qingdan.frame_rows([tmp_path / "missing.json"])


def test_stubs_and_py_typed_ship():
    assert (PACKAGE / "py.typed").is_file()
    stub = ast.parse((PACKAGE / "_native.pyi").read_text(encoding="utf-8"))
    stubbed = {n.name for n in stub.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    native = {n for n in dir(qingdan._native) if not n.startswith("_")} - {"VERSION"}
    assert native == stubbed
    for name in qingdan.__all__:
        assert hasattr(qingdan, name), name


def test_a_panic_is_raised_as_an_error():
    with pytest.raises(qingdan.Error) as e:
        qingdan._native._panic_inside("boom")
    assert str(e.value) == "internal error (please report it with the input): boom"
    # The module goes on working.
    assert qingdan.quantities("每人每月100元")[0]["value"] == 100


def test_errors_are_one_family():
    for e in (qingdan.UnreadableError, qingdan.NoListError, qingdan.DocumentError):
        assert issubclass(e, qingdan.Error)
    assert issubclass(qingdan.Error, Exception)
    assert qingdan.Error.__module__ == "qingdan"


def test_the_gil_is_released_while_rust_works():
    lines = [
        l
        for p in sorted((ROOT / "fixtures").glob("*.txt"))
        for l in p.read_text(encoding="utf-8").splitlines()
    ] * 40
    window = []
    stop = threading.Event()
    ticks = []

    def other():
        # Runs Python, so it needs the GIL for every tick.
        while not stop.is_set():
            ticks.append(time.perf_counter())

    t = threading.Thread(target=other)
    t.start()
    try:
        time.sleep(0.01)
        start = time.perf_counter()
        raw = qingdan._native.quantities_many(lines, 1)
        window = [start, time.perf_counter()]
    finally:
        stop.set()
        t.join()
    assert raw.startswith("[[")
    # Had the call held the GIL, the other thread could not have ticked while Rust worked: its
    # ticks would leave a gap as long as the call (less a switch interval at each end).
    # Released, the other thread ticks all along.
    inside = [window[0]] + [x for x in ticks if window[0] < x < window[1]] + [window[1]]
    longest_gap = max(b - a for a, b in zip(inside, inside[1:]))
    assert window[1] - window[0] > 0.05
    assert longest_gap < (window[1] - window[0]) / 2
