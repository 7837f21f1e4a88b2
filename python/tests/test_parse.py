"""`qingdan.parse` against `qingdan parse` on every fixture and rendering, and its errors."""

import os
from pathlib import Path

import pytest

import qingdan
from conftest import ROOT, cli, inputs

INPUTS = [p.relative_to(ROOT).as_posix() for p in inputs()]


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_every_folder_is_covered():
    # The comparison below runs on the three folders' inputs, renderings and PDFs included.
    assert sum(p.startswith("fixtures/") for p in INPUTS) >= 10
    assert sum(p.endswith(".docx") for p in INPUTS) >= 10
    assert sum(p.endswith(".pdf") for p in INPUTS) >= 20
    assert sum(p.endswith(".pdfplumber.txt") for p in INPUTS) >= 20


@pytest.mark.parametrize("path", INPUTS)
def test_parse_is_the_cli_document(path):
    run = cli("parse", path)
    if run.code == 0:
        doc = qingdan.parse(path)
        assert doc == run.json()
        # The same through pathlib, and from the bytes under the same name.
        assert qingdan.parse(Path(path)) == doc
        data = (ROOT / path).read_bytes()
        assert qingdan.parse(data, name=os.path.basename(path)) == doc
        assert qingdan.parse(bytearray(data), name=os.path.basename(path)) == doc
    else:
        assert run.code == 1
        with pytest.raises(qingdan.Error) as e:
            qingdan.parse(path)
        assert [str(e.value)] == run.messages()


def test_text_and_default_names():
    path = "fixtures/000_e26b50a82a71a634.txt"
    data = (ROOT / path).read_bytes()
    expected = cli("parse", "-", stdin=data).json()
    # Text given as a str (it holds line breaks) is parsed as the file's bytes would be.
    doc = qingdan.parse(data.decode("utf-8"), name="<stdin>")
    assert doc == expected
    assert qingdan.parse(data.decode("utf-8"))["source"]["file"] == "<text>"
    assert qingdan.parse(data)["source"]["file"] == "<bytes>"
    # A path under another name: source.file is the name, everything else the file's.
    named = qingdan.parse(path, name="list.txt")
    assert named["source"]["file"] == "list.txt"
    assert named["services"] == expected["services"]
    assert named["source"]["sha256"] == expected["source"]["sha256"]


def test_missing_file_is_unreadable_with_the_cli_message():
    run = cli("parse", "fixtures/no-such-list.txt")
    assert run.code == 1
    with pytest.raises(qingdan.UnreadableError) as e:
        qingdan.parse("fixtures/no-such-list.txt")
    assert [str(e.value)] == run.messages()
    assert "fixtures/no-such-list.txt" in str(e.value)


@pytest.mark.parametrize(
    "content, error",
    [
        (b"", qingdan.UnreadableError),
        (b"\x00\x01\x02\xff\xfe binary \x00" * 40, qingdan.UnreadableError),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, qingdan.UnreadableError),
        ("一份通知\n没有清单的表头\n只有正文。\n".encode("utf-8"), qingdan.NoListError),
    ],
    ids=["empty", "binary", "legacy-doc", "no-list"],
)
def test_errors_carry_the_cli_message(tmp_path, content, error):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    run = cli("parse", path)
    assert run.code == 1
    with pytest.raises(error) as e:
        qingdan.parse(path)
    assert [str(e.value)] == run.messages()
    # From bytes, the message names the name given.
    with pytest.raises(error) as e:
        qingdan.parse(content, name="given.txt")
    assert str(e.value).startswith("given.txt: ")
    assert issubclass(error, qingdan.Error)


def test_a_folder_is_unreadable():
    run = cli("parse", "fixtures")
    assert run.code == 1
    with pytest.raises(qingdan.UnreadableError) as e:
        qingdan.parse("fixtures")
    assert [str(e.value)] == run.messages()


def test_wrong_types():
    with pytest.raises(TypeError):
        qingdan.parse(12)  # type: ignore[arg-type]
