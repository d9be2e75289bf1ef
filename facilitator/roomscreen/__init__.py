"""The room display (``--kamerscherm``): a web page people around the table can read and
touch, drawn from the session's snapshots, served by the facilitator itself.

``RoomScreen`` is a listener with a life cycle: ``start()`` binds and serves (before the
session starts, so the address can be printed), ``attach(post)`` is ``Wiring.make_extra``,
``close()`` stops the server. The web server itself lives in ``server.py`` (aiohttp is
imported there only).
"""

from __future__ import annotations

import errno
import logging
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.events import (
    Command,
    CommandAccepted,
    Event,
    InputEvent,
    Listener,
    Notice,
    Post,
    Snapshot,
)
from facilitator.roomscreen.access import Gate, grouped, new_code
from facilitator.roomscreen.texts import texts_for

log = logging.getLogger(__name__)

DEFAULT_PORT = 8765
LOOPBACK = "127.0.0.1"
ALL_ADDRESSES = "0.0.0.0"  # the LAN mode: every interface, behind a code
HOSTNAME_TIMEOUT_S = 2.0


_BIND_REASONS = {
    errno.EADDRINUSE: "die is al in gebruik",
    errno.EACCES: "geen toestemming (poorten onder 1024 vragen beheerdersrechten)",
    errno.EADDRNOTAVAIL: "dat adres hoort niet bij dit apparaat",
}


class RoomScreenError(FacilitatorError):
    """The room display cannot start (port in use, web server not installed)."""

    area = ErrorArea.USAGE


@dataclass(frozen=True, slots=True)
class RoomScreenOptions:
    port: int = DEFAULT_PORT  # 0: any free port (tests)
    lan: bool = False  # also on the local network, behind a code
    language: str = "nl"


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on its networks (``hostname -I``: no network traffic)."""
    program = shutil.which("hostname")
    if program is None:
        return []
    try:
        out = subprocess.run(
            [program, "-I"], capture_output=True, text=True, timeout=HOSTNAME_TIMEOUT_S, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired) as err:
        log.info("no network addresses: %s", err)
        return []
    return [a for a in out.split() if a.count(".") == 3 and not a.startswith("127.")]


class RoomScreen:
    def __init__(self, options: RoomScreenOptions, *, now: Any, speed: float = 1.0) -> None:
        self.options = options
        self.texts = texts_for(options.language)
        self.code = new_code() if options.lan else None
        self._now = now
        self._speed = speed
        self._post: Post | None = None
        self._server: Any = None
        #: Says a line through the session (set when the wiring offers it); the LAN code is
        #: said after "help".
        self.speak: Callable[[str], None] | None = None
        self._code_due = False

    @property
    def host(self) -> str:
        return ALL_ADDRESSES if self.options.lan else LOOPBACK

    @property
    def port(self) -> int:
        return int(self._server.port) if self._server is not None else self.options.port

    def start(self) -> None:
        """Bind and serve; ``RoomScreenError`` (Dutch) when that cannot be done."""
        try:
            from facilitator.roomscreen.server import RoomServer
        except ImportError as err:
            raise RoomScreenError(
                f"Het kamerscherm kan niet starten: {err}. Installeer het opnieuw met: "
                "bash scripts/setup.sh"
            ) from err
        server = RoomServer(
            host=self.host,
            port=self.options.port,
            texts=self.texts,
            gate=Gate(self.code),
            post=self._tell,
            now=self._now,
            speed=self._speed,
        )
        try:
            server.start()
        except OSError as err:
            why = _BIND_REASONS.get(err.errno or 0, str(err))
            raise RoomScreenError(
                f"Het kamerscherm kan poort {self.options.port} niet gebruiken: {why}. "
                "Kies een andere poort met --poort, bijvoorbeeld --poort 8766."
            ) from err
        self._server = server

    def urls(self) -> list[str]:
        urls = [f"http://{LOOPBACK}:{self.port}/"]
        if self.options.lan:
            urls += [f"http://{address}:{self.port}/" for address in lan_addresses()]
        return urls

    def announcement(self) -> str:
        """The line printed in the terminal and shown as a notice."""
        english = self.texts.language == "en"
        where = (" and " if english else " en ").join(self.urls())
        text = f"Room display: {where}" if english else f"Kamerscherm: {where}"
        return text + (f" (code {grouped(self.code)})" if self.code else "")

    # ------------------------------------------------------------------ the session
    def attach(self, post: Post) -> list[Listener]:
        """For ``Wiring.make_extra``: commands from the page go to ``post``."""
        self._post = post
        post(Notice(self.announcement(), "info"))
        return [self]

    def __call__(self, event: Event) -> None:
        """On the controller thread: hand the event to the server; after "help" (in LAN mode)
        show the code, and say it once the help has been said (the snapshot that follows)."""
        if self._server is not None:
            self._server.publish(event)
        if not self.code:
            return
        if isinstance(event, CommandAccepted) and event.command is Command.HELP:
            self._tell(Notice(self.announcement(), "info"))
            self._code_due = self.speak is not None
        elif isinstance(event, Snapshot) and self._code_due and self.speak is not None:
            self._code_due = False
            self.speak(self.texts.spoken_code(self.code))

    def say_with(self, say: Callable[[str], None]) -> None:
        """For ``Wiring.on_say``: how to say a line through the session."""
        self.speak = say

    def _tell(self, event: InputEvent) -> None:
        if self._post is not None:
            self._post(event)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
