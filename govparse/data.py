"""Settings files: a YAML data file of a package read into the dataclass that names its
keys, so that a key missing or misspelt by a maintainer fails at once, by name."""

from __future__ import annotations

from importlib import resources
from typing import TypeVar

import yaml

T = TypeVar("T")


def load_settings(package: str, name: str, kind: type[T]) -> T:
    data = yaml.safe_load(resources.files(package).joinpath(name).read_text("utf-8"))
    return kind(**data)
