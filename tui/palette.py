"""The command palette offers every action the current screen's keys offer, each with its
tooltip and key, so a person who does not know a key can still find the action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen


def binding_commands(app: App[Any], screen: Screen[object]) -> Iterator[SystemCommand]:
    seen = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or not binding.description or binding.action in seen:
            continue
        seen.add(binding.action)
        node = active.node
        yield SystemCommand(
            binding.description,
            f"{binding.tooltip or binding.description} ({binding.key_display or binding.key})",
            lambda node=node, action=binding.action: app.run_action(action, node),
        )
