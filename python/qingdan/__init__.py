"""qingdan for Python: Chinese 基本养老服务清单 (basic elderly-care service lists) to canonical
JSON, in-process, with the same Rust engine as the ``qingdan`` command.

Every function returns what the matching command prints, as Python objects (``json.loads``
of the same JSON): ``parse`` is ``qingdan parse``, ``convert`` is ``qingdan convert --ndjson``,
``quantities`` and ``quantities_many`` are ``qingdan quantities``, ``eligible``, ``compare`` and
``diff`` are those commands. The Rust work runs with the GIL released, on Rust threads where
the command runs in parallel. A file or document that cannot be used raises ``qingdan.Error``
(``UnreadableError``, ``NoListError``, ``DocumentError``) with the command's one-line message.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union, cast

from . import _native
from ._native import DocumentError, Error, NoListError, UnreadableError

__version__: str = _native.VERSION

__all__ = [
    "DocumentError",
    "Error",
    "NoListError",
    "UnreadableError",
    "Converted",
    "compare",
    "convert",
    "diff",
    "eligible",
    "group_codes",
    "parse",
    "quantities",
    "quantities_many",
    "frame_rows",
    "schema",
    "to_frame",
]

PathLike = Union[str, "os.PathLike[str]"]
Source = Union[PathLike, bytes, bytearray, memoryview]
# A canonical document (a dict as `parse` returns it) or the path of a JSON file or folder.
DocumentLike = Union[Dict[str, Any], PathLike]


def parse(source: Source, *, name: Optional[str] = None) -> Dict[str, Any]:
    """The canonical document of one list, exactly as ``qingdan parse`` prints it.

    ``source`` is a path (``str`` or ``os.PathLike``), the file's bytes, or the list's text as
    a ``str``: a ``str`` holding a line break is the text itself (a path never holds one),
    any other ``str`` is a path. ``name`` is written into ``source.file`` and error messages
    (default: the file's name; ``<bytes>`` for bytes, ``<text>`` for text); its extension
    breaks ties between text shapes as a file's does.

    Raises ``UnreadableError`` (missing, empty, not text, a format that is not read) or
    ``NoListError`` (no list header), with the command's message.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        raw = _native.parse_bytes(bytes(source), name if name is not None else "<bytes>")
    elif isinstance(source, str) and ("\n" in source or "\r" in source):
        raw = _native.parse_bytes(source.encode("utf-8"), name if name is not None else "<text>")
    elif isinstance(source, (str, os.PathLike)):
        raw = _native.parse_path(os.fspath(source), name)
    else:
        raise TypeError(
            f"parse() takes a path, bytes or str, not {type(source).__name__}"
        )
    return cast(Dict[str, Any], json.loads(raw))


class Converted(Iterator[Dict[str, Any]]):
    """The iterator ``convert`` returns: one document per input, in input order.

    ``errors`` lists ``(name, message)`` for each input skipped with ``errors="skip"``.
    """

    def __init__(self, native: Any, errors: str) -> None:
        self._native = native
        self._raise = errors == "raise"
        self.errors: List[Tuple[str, str]] = []

    def __iter__(self) -> "Converted":
        return self

    def __next__(self) -> Dict[str, Any]:
        while True:
            item = next(self._native)
            name, raw, error = item
            if raw is not None:
                return cast(Dict[str, Any], json.loads(raw))
            if self._raise:
                raise _error_of(error)
            self.errors.append((name, error))

    def __length_hint__(self) -> int:
        return int(self._native.__length_hint__())


def _error_of(message: str) -> Error:
    """The exception class for a message of ``convert`` (errors there come as text)."""
    if "no service list found" in message:
        return NoListError(message)
    return UnreadableError(message)


def convert(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    jobs: Optional[int] = None,
    errors: str = "raise",
) -> Converted:
    """The documents of files and folders (walked), as ``qingdan convert --ndjson`` gives them.

    Files are parsed in parallel on ``jobs`` Rust threads (default: one per core) a chunk at a
    time, and yielded in the command's order; ``source.file`` is the path relative to the
    folder given. An input that cannot be used raises its ``qingdan.Error`` when its turn
    comes (``errors="raise"``), or is skipped and recorded in the iterator's ``errors``
    (``errors="skip"``, what the command does). A path that does not exist raises at once.
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f'errors must be "raise" or "skip", not {errors!r}')
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return Converted(_native.Convert([os.fspath(p) for p in paths], jobs), errors)


def quantities(text: str) -> List[Dict[str, Any]]:
    """The numeric standards (money, multiples, ages, percentages) of one text, as
    ``qingdan quantities TEXT`` prints them."""
    return cast(List[Dict[str, Any]], json.loads(_native.quantities(text)))


def quantities_many(lines: Iterable[str], *, jobs: Optional[int] = None) -> List[List[Dict[str, Any]]]:
    """The quantities of each line, in order, on ``jobs`` Rust threads (default: one per core).

    Each line is read as ``qingdan quantities`` reads a line of its standard input (one
    trailing line break is dropped), so ``quantities_many(open(f, encoding="utf-8"))`` gives
    the command's ``quantities`` for ``f``, line by line.
    """
    if isinstance(lines, str):
        raise TypeError("quantities_many() takes an iterable of lines, not one str: use quantities()")
    return cast(List[List[Dict[str, Any]]], json.loads(_native.quantities_many(list(lines), jobs)))


def _given(document: DocumentLike, what: str) -> Tuple[str, str, Optional[str]]:
    if isinstance(document, dict):
        label = str((document.get("source") or {}).get("file") or "<document>")
        return ("json", label, json.dumps(document, ensure_ascii=False))
    if isinstance(document, (str, os.PathLike)):
        return ("path", os.fspath(document), None)
    raise TypeError(f"{what} takes documents (dicts) or paths, not {type(document).__name__}")


def _documents(documents: Union[DocumentLike, Iterable[DocumentLike]], what: str) -> List[Tuple[str, str, Optional[str]]]:
    if isinstance(documents, (dict, str, os.PathLike)):
        documents = [documents]
    return [_given(d, what) for d in documents]


def eligible(
    documents: Union[DocumentLike, Iterable[DocumentLike]],
    *,
    age: Optional[int],
    groups: Sequence[str] = (),
    not_groups: Sequence[str] = (),
    region: Optional[str] = None,
    all: bool = False,
    local: Optional[bool] = None,
    care_level: Optional[str] = None,
    disability_grade: Optional[int] = None,
) -> List[Dict[str, Any]]:
    """What a person gets in each district, as ``qingdan eligible --format jsonl`` (one dict
    per district, in the order the documents were given).

    ``documents``: documents as ``parse`` returns them, or paths of canonical JSON files or
    folders. ``age`` in completed years (``None``: not stated); ``groups`` and ``not_groups``:
    group codes (``group_codes()``); ``region``: a GB/T 2260 code, its prefix, or a name;
    ``all`` also lists services whose status is ``no``; ``local``: registered (户籍) or holding
    a 居住证 here (``--local``); ``care_level``: ``"mild"``, ``"moderate"`` or ``"severe"`` 失能;
    ``disability_grade``: 残疾 grade 1–4. An unknown group raises ValueError.
    """
    if isinstance(groups, str) or isinstance(not_groups, str):
        raise TypeError("groups and not_groups are sequences of group codes, not one str")
    raw = _native.eligible(
        _documents(documents, "eligible()"),
        age,
        list(groups),
        list(not_groups),
        region,
        all,
        local,
        care_level,
        disability_grade,
    )
    return cast(List[Dict[str, Any]], json.loads(raw))


def compare(
    documents: Union[DocumentLike, Iterable[DocumentLike]], *, format: str = "json"
) -> Any:
    """Districts × canonical items, as ``qingdan compare``: a dict (``format="json"``,
    ``qingdan-compare/1``), or the CSV or the self-contained HTML page as a str."""
    raw = _native.compare(_documents(documents, "compare()"), format)
    return json.loads(raw) if format == "json" else raw


def diff(old: DocumentLike, new: DocumentLike, *, format: str = "json") -> Any:
    """Services added, removed and changed, as ``qingdan diff``: a dict (``format="json"``,
    ``qingdan-diff/1``) or the text report (``format="text"``; empty when equal)."""
    raw, _different = _native.diff(_given(old, "diff()"), _given(new, "diff()"), format)
    return json.loads(raw) if format == "json" else raw


def group_codes() -> List[Tuple[str, str]]:
    """The canonical group codes ``eligible`` takes, with their labels."""
    return [tuple(g) for g in _native.group_codes()]  # type: ignore[misc]


def schema() -> Dict[str, Any]:
    """The JSON Schema of a document (``qingdan schema``)."""
    return cast(Dict[str, Any], json.loads(_native.schema()))


# The columns of `to_frame`, in order.
FRAME_COLUMNS = [
    "file",
    "adcode",
    "region",
    "seq",
    "item",
    "target",
    "target_min_age",
    "target_max_age",
    "name",
    "types",
    "departments",
    "value",
    "period",
    "monthly",
    "bound",
    "age_min",
    "age_max",
    "scope",
    "text",
    "line",
]


def frame_rows(documents: Union[DocumentLike, Iterable[DocumentLike]]) -> List[Dict[str, Any]]:
    """The rows of ``to_frame`` as dicts (no pandas needed)."""
    if isinstance(documents, (dict, str, os.PathLike)):
        documents = [documents]
    rows: List[Dict[str, Any]] = []
    for doc in documents:
        if not isinstance(doc, dict):
            doc = _load_document(doc)
        region = (doc.get("document") or {}).get("region") or {}
        for s in doc.get("services") or []:
            target = s.get("target") or {}
            tage = target.get("age") or {}
            base = {
                "file": (doc.get("source") or {}).get("file"),
                "adcode": region.get("adcode"),
                "region": region.get("name"),
                "seq": s.get("seq"),
                "item": _item_code(s.get("item")),
                "target": target.get("text"),
                "target_min_age": tage.get("min"),
                "target_max_age": tage.get("max"),
                "name": s.get("name"),
                "types": "、".join(s.get("types") or []),
                "departments": "、".join(s.get("departments") or []),
            }
            money = [q for q in s.get("quantities") or [] if q.get("kind") == "money"]
            if not money:
                rows.append({**base, **{c: None for c in FRAME_COLUMNS if c not in base}})
                continue
            for q in money:
                age = q.get("age") or {}
                rows.append(
                    {
                        **base,
                        "value": q.get("value"),
                        "period": q.get("period"),
                        "monthly": q.get("monthly"),
                        "bound": q.get("bound"),
                        "age_min": age.get("min"),
                        "age_max": age.get("max"),
                        "scope": q.get("scope"),
                        "text": q.get("text"),
                        "line": q.get("line"),
                    }
                )
    return rows


def _item_code(item: Any) -> Optional[str]:
    """The canonical item's code (``item`` is ``{"code", "name", …}``; a bare code is kept)."""
    if isinstance(item, dict):
        code = item.get("code")
        return code if isinstance(code, str) else None
    return item if isinstance(item, str) else None


def _load_document(path: PathLike) -> Dict[str, Any]:
    """A path for ``to_frame``: a canonical ``.json`` document is read, any other file parsed."""
    p = os.fspath(path)
    if p.lower().endswith(".json"):
        try:
            with open(p, encoding="utf-8") as f:
                doc = json.load(f)
        except OSError as e:
            raise UnreadableError(f"{p}: cannot read: {e.strerror or e}") from None
        except ValueError as e:
            raise DocumentError(f"{p}: not a qingdan document: {e}") from None
        if not isinstance(doc, dict) or doc.get("schema") != "qingdan/1":
            raise DocumentError(f'{p}: not a qingdan document (expected schema "qingdan/1")')
        return doc
    return parse(p)


def to_frame(documents: Union[DocumentLike, Iterable[DocumentLike]]) -> Any:
    """A pandas DataFrame with one row per service and money amount.

    ``documents``: dicts as ``parse`` and ``convert`` give them, or paths (a ``.json`` file is
    read as a canonical document, any other file is parsed). A service with several amounts
    has one row per amount, in the order of its ``quantities``; a service with none has one
    row with empty amount columns. Columns: ``file``, ``adcode`` and ``region`` (the
    district), ``seq``, ``item`` (canonical item code), ``target`` (its text),
    ``target_min_age``, ``target_max_age``, ``name``, ``types`` and ``departments`` (joined
    with 、), and per amount ``value`` (元), ``period``, ``monthly``, ``bound``
    (min/max/exact), ``age_min``, ``age_max`` (the amount's age band), ``scope`` (the
    sub-column it came from, where the documents have it), ``text`` and ``line``.

    Raises ImportError with an install hint when pandas is not installed.
    """
    try:
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]
    except ImportError as e:
        raise ImportError(
            "qingdan.to_frame needs pandas: pip install pandas "
            "(or pip install 'qingdan[pandas]'); qingdan.frame_rows gives the same rows as dicts"
        ) from e
    frame = pd.DataFrame(frame_rows(documents), columns=FRAME_COLUMNS)
    for c in ("seq", "target_min_age", "target_max_age", "age_min", "age_max", "line"):
        frame[c] = frame[c].astype("Int64")
    return frame
