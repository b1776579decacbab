"""The Datasette plugin: report and agency pages, links to them, short Chinese searches,
and what keeps one request from stalling the site (limits.py, errors.py, cache.py).

Registered through the `datasette` entry point in setup.cfg, so any Datasette in this
environment loads it; its templates/ and static/ folders are found by Datasette itself,
beside this package. The hooks are written in hooks.py and the pages in views.py; the
package re-exports the hooks because it is what Datasette registers.
"""

from govparse.publish.site.hooks import *  # noqa: F403
