"""Who may see and steer the room display (pure rules, no I/O).

* On 127.0.0.1 (the default) only this machine can reach the page. A request must also name
  this machine in its ``Host`` header, so a web page elsewhere cannot read the captions
  through a DNS-rebinding name, and a command must be sent as JSON from the page's own
  origin, so another site cannot post a form to it.
* On the local network (``--kamerscherm-lan``) every request needs the session's short code:
  typed once on the page (then kept in a cookie for this browser session only) or given as
  ``?code=…``. Without it nothing is shown and nothing can be done. Wrong codes are counted:
  after ``MAX_FAILURES`` within ``WINDOW_S`` every code is refused for ``LOCK_S``.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

CODE_DIGITS = 6
MAX_FAILURES = 5  # wrong codes ...
WINDOW_S = 60.0  # ... within this many seconds ...
LOCK_S = 60.0  # ... lock the code entry for this long
COOKIE = "kamercode"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def new_code() -> str:
    """A random code of ``CODE_DIGITS`` digits (easy to type on a phone, easy to say)."""
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def grouped(code: str) -> str:
    """ "482915" -> "482 915" (easier to read from across the table)."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


def host_allowed(host: str | None, port: int, lan: bool) -> bool:
    """Whether a request's ``Host`` header names this server (always true on the LAN,
    where the code protects the page and the machine's address may change)."""
    if lan:
        return True
    if not host:
        return False
    return host in {f"{name}:{port}" for name in LOOPBACK_NAMES}


def same_origin(origin: str | None, host: str | None) -> bool:
    """A command's ``Origin`` (when the browser sends one) is the page's own."""
    if origin is None:
        return True
    return host is not None and origin in (f"http://{host}", f"https://{host}")


@dataclass
class Gate:
    """The code check with its failure counter. ``code`` None: no code needed."""

    code: str | None
    now: Callable[[], float] = time.monotonic
    _failures: list[float] = field(default_factory=list)
    _locked_until: float = 0.0

    @property
    def needs_code(self) -> bool:
        return self.code is not None

    def locked(self) -> bool:
        return self.now() < self._locked_until

    def matches(self, given: str | None) -> bool:
        """A request carrying ``given`` (cookie or query): no counting, no lock."""
        if self.code is None:
            return True
        if not given:
            return False
        return hmac.compare_digest(given.strip().encode(), self.code.encode())

    def try_code(self, given: str) -> bool:
        """A code typed on the page: counted, and refused while locked."""
        if self.locked():
            return False
        given = "".join(given.split())  # "482 915" is fine
        if self.matches(given):
            return True
        now = self.now()
        self._failures = [t for t in self._failures if now - t < WINDOW_S]
        self._failures.append(now)
        if len(self._failures) >= MAX_FAILURES:
            self._locked_until = now + LOCK_S
            self._failures.clear()
        return False
