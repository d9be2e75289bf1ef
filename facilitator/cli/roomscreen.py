"""``--kamerscherm`` for ``facilitator start``, ``oefen`` and ``apparaat``: start the room
display before the session, say where it is, and chain it into ``Wiring.make_extra``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from facilitator.events import Listener, Post
from facilitator.session.clock import Clock
from facilitator.settings import DisplayPart

if TYPE_CHECKING:
    from facilitator.roomscreen import RoomScreen

MakeExtra = Callable[[Post], Sequence[Listener]]


def start_room_screen(display: DisplayPart, language: str, clock: Clock) -> RoomScreen | None:
    """The started room display when asked for (``--kamerscherm``, ``--kamerscherm-lan`` or
    ``[kamerscherm] aan``/``lan`` in the settings file; ``None`` otherwise); prints its
    address.

    Raises ``RoomScreenError`` (exit code 2) when its port cannot be used."""
    lan = display.room_screen_lan
    if not (display.room_screen or lan):
        return None
    from facilitator.roomscreen import DEFAULT_PORT, RoomScreen, RoomScreenOptions

    port = display.room_screen_port
    options = RoomScreenOptions(
        port=DEFAULT_PORT if port is None else port, lan=lan, language=language
    )
    screen = RoomScreen(options, now=clock.now, speed=clock.speed)
    screen.start()
    print(screen.announcement(), flush=True)
    return screen


def with_room_screen(make_extra: MakeExtra | None, screen: RoomScreen | None) -> MakeExtra | None:
    """``make_extra`` that also attaches ``screen``."""
    if screen is None:
        return make_extra

    def both(post: Post) -> Sequence[Listener]:
        first = list(make_extra(post)) if make_extra is not None else []
        return [*first, *screen.attach(post)]

    return both
