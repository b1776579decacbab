"""The data files maintainers edit (YAML beside the code of each stage), read by one loader.

Each file is parsed once per process and checked for the shape its reader expects, so that a
maintainer's slip (a list where a mapping belongs, a key missing or misspelt) fails at once,
naming the file. Every caller gets its own copy: one that builds on what it read never
changes what another reads, in this thread or another.
"""

from __future__ import annotations

import copy
from dataclasses import fields
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import yaml

T = TypeVar("T")


class DataFileError(ValueError):
    """A data file that does not have the shape its reader expects."""


@cache
def _parsed(package: str, name: str) -> Any:
    text = resources.files(package).joinpath(name).read_text("utf-8")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{_where(package, name)}: 不是有效的 YAML：{exc}") from None


def load(package: str, name: str, shape: type = dict) -> Any:
    """The YAML file `name` of `package`, whose top level must be a `shape` (dict or list)."""
    data = _parsed(package, name)
    if not isinstance(data, shape):
        raise DataFileError(f"{_where(package, name)}: 顶层应为 {shape.__name__}，"
                            f"实为 {type(data).__name__}")
    return copy.deepcopy(data)


def load_settings(package: str, name: str, kind: type[T]) -> T:
    """A settings file read into the dataclass `kind`, which names its keys: every one of
    them, and no other, must be given."""
    data = load(package, name)
    names = {f.name for f in fields(kind)}  # type: ignore[arg-type]
    if set(data) != names:
        missing, unknown = sorted(names - set(data)), sorted(set(data) - names)
        raise DataFileError(f"{_where(package, name)}: 缺少 {missing}，多出 {unknown}；"
                            f"应恰好给出 {sorted(names)}")
    return kind(**data)


def _where(package: str, name: str) -> str:
    return f"{package.replace('.', '/')}/{name}"
