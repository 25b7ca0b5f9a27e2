"""A stand-in browser for the sandbox's consent page: reads the form and submits it over HTTP,
as a person's browser would (no handler of the sandbox is called directly)."""

from __future__ import annotations

from html.parser import HTMLParser

import httpx


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.action = values.get("action", "")
        elif tag == "input" and values.get("type") == "hidden":
            self.fields[values["name"]] = values.get("value", "")


def consent(authorize_url: str, decision: str = "accept") -> str:
    """Open `authorize_url`, press Accept or Deny; return where the browser is redirected."""
    page = httpx.get(authorize_url, timeout=10)
    page.raise_for_status()
    reader = _FormReader()
    reader.feed(page.text)
    action = httpx.URL(authorize_url).join(reader.action)
    answer = httpx.post(action, data={**reader.fields, "decision": decision}, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]
