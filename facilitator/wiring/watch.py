"""Watching the speaker: has the device said its last line yet?"""

from __future__ import annotations

import threading

from facilitator.events import Event, InputEvent, Post, Say, SpeakingEnded, SpeakingStarted


class SpeechWatch:
    """Knows when the device has said its last line, so the closing words are not cut off.

    A listener (sees every ``Say``) and a wrapper of the speaker's ``post`` (sees its
    ``SpeakingStarted``/``SpeakingEnded``, which the controller no longer serves once the
    session has ended).
    """

    def __init__(self, post: Post) -> None:
        self._post = post
        self._last_say = ""
        self._spoke = False  # a real voice is present (it started at least once)
        self._speaking = False
        self._last_ended = ""
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        if isinstance(event, Say):
            with self._lock:
                self._last_say = event.text

    def post(self, event: InputEvent) -> None:
        with self._lock:
            if isinstance(event, SpeakingStarted):
                self._spoke = self._speaking = True
            elif isinstance(event, SpeakingEnded):
                self._speaking = False
                self._last_ended = event.text
        self._post(event)

    def quiet(self) -> bool:
        """Nothing is playing and the last line was played (or there is no voice)."""
        with self._lock:
            if not self._spoke:
                return True
            return not self._speaking and self._last_ended in (self._last_say, "")
