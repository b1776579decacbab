"""Source adapters: each turns one file format into the text the grammar reads."""

from govparse.sources.text import SourceText, read_source

__all__ = ["SourceText", "read_source"]
