"""Stage 3, normalised lines -> Document: the grammar (grammar/report.lark, shipped as
govparse.grammar) read by Lark's LALR parser with an embedded transformer (parser, transform),
and what a layout lost put back before the tables are read (recovery)."""
