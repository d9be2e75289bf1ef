"""Keyboard input: one key per command, posted as ``CommandIssued`` from its own thread.

Two modes:

* **single key** (a real terminal, live screen): the terminal is put in cbreak mode and each
  key press is a command at once;
* **line** (``--plain`` for screen readers, or a pipe): keys are typed as a line and Enter;
  every character of the line is a key (a line of only spaces is "spatie").

A key for a change of people (``display.keys.NAMED_BINDINGS``: b, w, c, e) asks for a name:
the next characters up to Enter are the name (Escape withdraws it); in line mode the name
may also follow the key on the same line ("b Cem"). The session checks the name: an unknown
name is refused aloud and on screen, naming who is there.

At end of input (a pipe that closes, CI) the keyboard simply switches off; the session goes on.
The keyboard keeps no session state: "p" is the toggle command, and the session decides
whether that means pause or resume.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO

from facilitator.display.keys import (
    NamedKeyBinding,
    answer_for_key,
    change_for_key,
    command_for_key,
)
from facilitator.events import (
    AnswerGiven,
    CommandIssued,
    InputSource,
    Notice,
    PeopleChange,
    Post,
)

log = logging.getLogger(__name__)

CTRL_C = "\x03"
CTRL_D = "\x04"
ESCAPE = "\x1b"
BACKSPACES = ("\x7f", "\x08")
NAME_WITHDRAWN = "Geen naam ingevoerd; er verandert niets."
KEYS_ENDED = (
    "Er komt geen invoer meer van het toetsenbord; de sessie gaat door met spraak en scherm."
)


class Keyboard:
    def __init__(
        self,
        post: Post,
        *,
        stream: TextIO | None = None,
        single_key: bool = False,
        echo: Callable[[str], None] | None = None,
    ):
        self._post = post
        #: shows the name being typed (the live screen; "" when done); keys are not echoed
        self._echo = echo
        self._stream: TextIO | None = stream if stream is not None else sys.stdin
        self._single_key = single_key
        self._saved_tty: list[Any] | None = None
        self._thread: threading.Thread | None = None
        self.ended = threading.Event()  # set when input reached its end
        self._asking: NamedKeyBinding | None = None  # a change of people waiting for a name
        self._name = ""  # what was typed of that name so far

    # ------------------------------------------------------------------ keys
    def press(self, char: str) -> None:
        """Handle one key (also the test entry point). Control characters (the start of an
        arrow key's escape sequence, for example) are ignored. While a name is asked for,
        keys are its letters (see ``type_name``)."""
        if self._asking is not None:
            self.type_name(char)
            return
        if not char.isprintable():
            return
        binding = change_for_key(char)
        if binding is not None:
            self.ask_name(binding)
            return
        command = command_for_key(char)
        answer = answer_for_key(char)
        if command is None and answer is not None:  # answers whatever question is open
            self._post(AnswerGiven("", answer, InputSource.KEYBOARD, heard=char.lower()))
            return
        if command is None:
            shown = "spatie" if char == " " else char
            self._post(Notice(f"Onbekende toets '{shown}'. Druk ? voor hulp.", "info"))
            return
        heard = "spatie" if char == " " else char.lower()
        self._post(CommandIssued(command, InputSource.KEYBOARD, heard=heard))

    # ------------------------------------------------------------------ names
    def ask_name(self, binding: NamedKeyBinding) -> None:
        self._asking, self._name = binding, ""
        self._post(Notice(binding.prompt, "info"))
        self._show()

    def _show(self) -> None:
        if self._echo is not None:
            self._echo(f"Naam: {self._name}_" if self._asking is not None else "")

    def type_name(self, char: str) -> None:
        """One key of the name being asked for: Enter gives it, Escape withdraws it."""
        if char in ("\n", "\r"):
            self.give_name(self._name)
        elif char == ESCAPE:
            self._asking = None
            self._post(Notice(NAME_WITHDRAWN, "info"))
        elif char in BACKSPACES:
            self._name = self._name[:-1]
        elif char.isprintable():
            self._name += char
        self._show()

    def give_name(self, name: str) -> None:
        """The name for the change asked for (empty: nothing, unless it may be empty)."""
        binding, self._asking = self._asking, None
        if binding is None:
            return
        name = name.strip()
        if not name and not binding.optional:
            self._post(Notice(NAME_WITHDRAWN, "info"))
            return
        self._post(PeopleChange(binding.kind, name, InputSource.KEYBOARD, heard=binding.key))

    def press_line(self, line: str) -> None:
        text = line.rstrip("\r\n")
        if self._asking is not None:  # the line is the name asked for
            self.give_name(text)
            return
        binding = change_for_key(text.strip()[:1]) if text.strip() else None
        if binding is not None and text.strip()[1:2] in ("", " "):
            rest = text.strip()[1:].strip()
            if rest:  # "b Cem": the key and the name on one line
                self._asking = binding
                self.give_name(rest)
            else:
                self.ask_name(binding)
            return
        if not text:
            return
        if not text.strip():
            self.press(" ")
            return
        for char in text.strip():
            if not char.isspace():
                self.press(char)

    # ------------------------------------------------------------------ thread
    def start(self) -> None:
        if self._single_key:
            self._enter_cbreak()
        self._thread = threading.Thread(target=self._run, name="keyboard", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if self._stream is None:  # started with stdin closed: there are no keys at all
                return
            if self._single_key:
                while True:
                    char = self._stream.read(1)
                    if char in ("", CTRL_D):
                        break
                    if char == CTRL_C:  # cbreak keeps ISIG, but be safe
                        break
                    if char in ("\n", "\r") and self._asking is None:
                        continue
                    self.press(char)
            else:
                for line in self._stream:
                    self.press_line(line)
        except (OSError, ValueError) as err:  # closed or unreadable stdin
            log.info("keyboard input ended: %s", err)
        finally:
            self.ended.set()
            log.info("keyboard input ended; the session continues without keys")
            self._post(Notice(KEYS_ENDED, "info"))

    def _enter_cbreak(self) -> None:
        import termios
        import tty

        if self._stream is None:
            self._single_key = False
            return
        try:
            fd = self._stream.fileno()
            self._saved_tty = termios.tcgetattr(fd)
            tty.setcbreak(fd)
        except (OSError, termios.error, ValueError) as err:
            log.warning("cannot read single keys (%s); falling back to lines", err)
            self._single_key = False
            self._saved_tty = None

    def close(self) -> None:
        if self._saved_tty is None or self._stream is None:
            return
        import termios

        try:
            termios.tcsetattr(self._stream.fileno(), termios.TCSADRAIN, self._saved_tty)
        except (OSError, termios.error, ValueError) as err:
            log.warning("could not restore the terminal: %s", err)
        self._saved_tty = None
