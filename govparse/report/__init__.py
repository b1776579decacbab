"""Stage 5, the Report assembled: the chain from a file to a Report (parse), its agency and
year (metadata), renderings of one report merged (renderings), derived rates (rates), the kind
and level of a body (agencies) and the divisions it belongs to (regions)."""
