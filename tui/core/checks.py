"""One line of `ipaas-auth doctor`: a check's name, its status, what was seen, what to do."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

Status = Literal["ok", "warning", "failure"]
OK: Status = "ok"
WARNING: Status = "warning"
FAILURE: Status = "failure"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""
    more: tuple[str, ...] = ()  # lines under the fix (the candidates of a choice), one each

    def to_json(self) -> dict[str, str]:
        fix = "\n".join([self.fix, *self.more]) if self.more else self.fix
        return {"name": self.name, "status": self.status, "detail": self.detail, "fix": fix}


class Stopwatch:
    """Milliseconds since it was made, for "answered in N ms" details."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    @property
    def ms(self) -> int:
        return round((time.perf_counter() - self.started) * 1000)
