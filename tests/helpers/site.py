"""The site in-process, as Datasette serves it with its metadata: pages fetched through
datasette.client, their text without scripts and styles."""

from __future__ import annotations

import asyncio

from datasette.app import Datasette
from lxml import html

from govparse.publish.serve import metadata

LOOP = asyncio.new_event_loop()


class Site:
    def __init__(self, db_path) -> None:
        self.ds = Datasette([str(db_path)], metadata=metadata())

    def get(self, path: str):
        return LOOP.run_until_complete(self.ds.client.get(path))

    def text(self, path: str) -> str:
        response = self.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        page = html.fromstring(response.text)
        for bad in page.xpath("//script|//style"):
            bad.drop_tree()
        return " ".join(page.text_content().split())
