"""The live screen: a ``rich.Live`` view of the pure ``View`` (see ``state.py``).

``render(view)`` builds the renderable (tested by recording a console); ``LiveDisplay`` is the
listener that folds events into the state and lets ``rich.Live`` redraw a few times a second,
so the countdown moves without the session emitting anything.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.text import Text

from facilitator.display.format import CAPTION_MARK
from facilitator.display.keys import legend
from facilitator.display.state import LiveState, Phase, apply, view
from facilitator.display.state import View as ViewModel
from facilitator.events import Event

REFRESH_PER_S = 4  # redraws per second (the countdown shows whole seconds)

PHASE_STYLE: dict[Phase, str] = {
    Phase.WAITING: "dim",
    Phase.RUNNING: "bold green",
    Phase.PAUSED: "bold black on yellow",
    Phase.OVERTIME: "bold white on red",
    Phase.SOFT: "bold cyan",
    Phase.ENDED: "bold",
}


def render(model: ViewModel) -> RenderableType:
    """The whole screen for one ``View``; state is shown in words as well as colour."""
    parts: list[RenderableType] = []
    title = Text(model.title.upper() or "—", style="bold magenta", justify="center")
    parts.append(title)
    if model.who:
        parts.append(Text(model.who, style="bold", justify="center"))
    if model.rule:
        parts.append(Text(model.rule, style="italic", justify="center"))
    clock = Text(justify="center")
    clock.append(f" {model.countdown} ", style=PHASE_STYLE[model.phase])
    clock.append(f"  {model.phase_label}", style=PHASE_STYLE[model.phase])
    parts.append(Text(""))
    parts.append(clock)
    if model.turn:
        parts.append(Text(model.turn, style="bold yellow", justify="center"))
    if model.planned_end:
        parts.append(Text(model.planned_end, style="dim", justify="center"))
    if model.people:
        parts.append(Text(model.people, style="dim", justify="center"))
    if model.typing:
        parts.append(Text(model.typing, style="bold reverse", justify="center"))
    if model.stop_pending:
        parts.append(
            Text(
                "Stoppen? Druk j (ja, stoppen) of n (nee, doorgaan).",
                style="bold white on red",
                justify="center",
            )
        )
    if model.message:
        parts.append(Text(model.message, style="cyan", justify="center"))
    if model.captions:
        parts.append(Text(""))
        for caption in model.captions:
            parts.append(Text(f"{CAPTION_MARK} {caption}"))
    for notice in model.notices:
        parts.append(Text(notice, style="yellow"))
    parts.append(Text(""))
    parts.append(Text(legend(ruled_out=model.ruled_out), style="dim"))
    return Panel(Group(*parts), title=model.header or "De facilitator", border_style="blue")


class LiveDisplay:
    """``Listener`` drawing the live screen. ``now`` is the session clock's reading."""

    def __init__(self, now: Callable[[], float], *, console: Console | None = None) -> None:
        self._now = now
        self._console = console if console is not None else Console()
        self._state = LiveState()
        self._typing = ""  # a name being typed (keyboard), not an event
        self._lock = threading.Lock()
        self._moved: list[tuple[logging.StreamHandler[Any], Any]] = []
        self._live = Live(
            get_renderable=self.renderable,
            console=self._console,
            refresh_per_second=REFRESH_PER_S,
            screen=False,
            transient=False,
        )

    @property
    def state(self) -> LiveState:
        return self._state

    def renderable(self) -> RenderableType:
        with self._lock:
            state, typing = self._state, self._typing
        shown = view(state, self._now())
        return render(dataclasses.replace(shown, typing=typing) if typing else shown)

    def typing(self, text: str) -> None:
        """The name being typed after a key such as "b" ("" when it is given or withdrawn)."""
        with self._lock:
            self._typing = text

    def __call__(self, event: Event) -> None:
        with self._lock:
            self._state = apply(self._state, event)

    def line(self, text: str) -> None:
        """Show a message of the wiring (notices before the screen starts, resume hints)."""
        self._console.print(text)

    def start(self) -> None:
        original = sys.stderr
        self._live.start()
        # Log lines (stderr) would tear the screen: send them through rich's stderr proxy,
        # which prints them above the live view.
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is original:
                self._moved.append((handler, handler.setStream(sys.stderr)))

    def close(self) -> None:
        self._live.stop()
        for handler, stream in self._moved:
            handler.setStream(stream)
        self._moved.clear()
