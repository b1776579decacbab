"""The published database and its interface.

    build.py     parse, check and extract files into SQLite (sqlite-utils), atomically
    schema.py    the one declarative "ensure the database has this shape" step
    plugin.py    the Datasette plugin: report and agency pages, short-query search
    metadata.yml Datasette metadata: descriptions, facets, canned queries, dashboards
    templates/   the report and agency pages
"""
