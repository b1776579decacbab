"""The published database and its interface, installed as govparse.publish. In the order a
file goes through them:

    inputs.py     which files a build reads, and the name each is stored under
    workers.py    worker processes, each file within govparse/sources/limits.yml
    cluster.py    the same on a Dask cluster (dask.yml: its settings)
    reading.py    in a worker: one file (or a group of renderings) -> rows, or why not
    rows.py       a Report, its checks and rates -> the rows of each table
    writer.py     rows -> SQLite; renderings merged; year-over-year findings
    across.py     text reuse and coverage, once every report is in
    schema.py     the one declarative "ensure the database has this shape" step
    build.py      runs them: files -> a database moved into place when complete
    row_counts.py the tables' row counts, for Datasette's inspect file
    compare.py    two years of a region compared (the /-/compare page and `govparse compare`)
    serve.py      the arguments `govparse serve` gives Datasette
    metadata.yml  Datasette metadata: descriptions, facets, canned queries, dashboards
    site/         the Datasette plugin: hooks.py, views.py, templates/, static/
"""
