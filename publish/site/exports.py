"""CSV that Excel opens correctly by default: a UTF-8 byte order mark before Datasette's CSV.

Excel on Chinese Windows reads a CSV without one as GBK and garbles every character; with
it, UTF-8. Datasette writes no mark (and streams large exports), so the mark is sent as the
body's first bytes of every .csv response.
"""

from __future__ import annotations

BOM = "\ufeff".encode()


def with_bom(app):
    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or not scope.get("path", "").endswith(".csv"):
            await app(scope, receive, send)
            return
        state = {"csv": False, "sent": False}

        async def marked(message):
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                kind = headers.get(b"content-type", b"")
                state["csv"] = message.get("status") == 200 and (
                    kind.startswith(b"text/csv") or kind.startswith(b"text/plain"))
                if state["csv"] and b"content-length" in headers:
                    length = int(headers[b"content-length"]) + len(BOM)
                    message = {**message, "headers": [
                        (k, str(length).encode() if k == b"content-length" else v)
                        for k, v in message["headers"]]}
            elif message["type"] == "http.response.body" and state["csv"] and \
                    not state["sent"]:
                state["sent"] = True
                message = {**message, "body": BOM + message.get("body", b"")}
            await send(message)
        await app(scope, receive, marked)
    return wrapped
