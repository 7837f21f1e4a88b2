"""Stubs of the compiled module ``qingdan._native`` (Rust, PyO3). Use the package ``qingdan``."""

from typing import Iterator, List, Optional, Tuple

VERSION: str

class Error(Exception):
    """A file or document qingdan cannot use; the message is the CLI's one line."""

class UnreadableError(Error):
    """The input cannot be read: missing, empty, not text, or a format that is not read."""

class NoListError(Error):
    """The text holds no service list (no header row naming 服务对象 and 服务项目)."""

class DocumentError(Error):
    """A JSON input of compare, eligible or diff that is not a qingdan/1 document."""

# ("path", PATH, None) or ("json", LABEL, JSON_TEXT)
_Given = Tuple[str, str, Optional[str]]

def parse_path(path: str, name: Optional[str] = None) -> str: ...
def parse_bytes(data: bytes, name: str) -> str: ...
def quantities(text: str) -> str: ...
def quantities_many(lines: List[str], jobs: Optional[int] = None) -> str: ...
def compare(sources: List[_Given], format: str) -> str: ...
def eligible(
    sources: List[_Given],
    age: Optional[int],
    groups: List[str],
    not_groups: List[str],
    region: Optional[str],
    all: bool,
    local: Optional[bool] = None,
    care_level: Optional[str] = None,
    disability_grade: Optional[int] = None,
) -> str: ...
def diff(old: _Given, new: _Given, format: str) -> Tuple[str, bool]: ...
def group_codes() -> List[Tuple[str, str]]: ...
def schema() -> str: ...

class Convert(Iterator[Tuple[str, Optional[str], Optional[str]]]):
    """Inputs converted a chunk at a time on Rust threads: (name, json, None) or
    (name, None, message), in input order."""

    def __init__(self, paths: List[str], jobs: Optional[int] = None) -> None: ...
    def __iter__(self) -> "Convert": ...
    def __next__(self) -> Tuple[str, Optional[str], Optional[str]]: ...
    def __length_hint__(self) -> int: ...
