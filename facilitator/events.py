"""Typed events: the only thing that crosses thread and module boundaries.

Two directions:

* **Input events** go *into* the controller's queue (``queue.Queue[InputEvent]``).
  Keyboard, microphone/spotter and the speaker thread only ever ``post`` these.
* **Output events** come *out of* the session and are delivered, on the controller
  thread, to listeners (``Listener = Callable[[Event], None]``). Display, speaker,
  session log and tests are all just listeners. A listener must return quickly
  (enqueue, never block).

Every event is a frozen dataclass with a ``type`` field (an ``EventType``), so a test
can collect ``events.append`` and compare the log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Command(StrEnum):
    """Everything a group can ask of the session, from any input (keyboard, voice)."""

    NEXT_STEP = "next_step"
    PREVIOUS_STEP = "previous_step"
    MORE_TIME = "more_time"
    PAUSE = "pause"
    RESUME = "resume"
    TOGGLE_PAUSE = "toggle_pause"  # one key or button: pause when running, resume when paused
    REPEAT = "repeat"
    TIME_LEFT = "time_left"
    NEXT_SPEAKER = "next_speaker"
    QUESTIONS = "questions"  # read the step's inspiration questions aloud
    HELP = "help"
    STOP = "stop"  # asks for confirmation
    CONFIRM = "confirm"  # "ja, stoppen": confirms a pending stop
    CANCEL = "cancel"  # "nee, doorgaan": withdraws a pending stop
    RULE = "rule"  # "spelregel": the current step's rule, once
    MORE_HELP = "more_help"  # "meer hulp": the phrases the short help left out
    BRIEF = "brief"  # "korte uitleg": short prompts from now on (a group that knows the method)
    FULL = "full"  # "uitgebreide uitleg": full prompts again
    ANOTHER_CASE = "another_case"  # "nog een casus": the method's case part again, if time
    SOMEONE_JOINS = "someone_joins"  # "er is iemand bij": a roll call of the absent members


#: Commands that change the session's state. Voice phrases for these must be at least two
#: words long and are re-checked by the spotter before they are accepted.
STATE_CHANGING: frozenset[Command] = frozenset(
    {
        Command.NEXT_STEP,
        Command.PREVIOUS_STEP,
        Command.MORE_TIME,
        Command.PAUSE,
        Command.RESUME,
        Command.TOGGLE_PAUSE,
        Command.NEXT_SPEAKER,
        Command.STOP,
        Command.CONFIRM,
        Command.CANCEL,
        Command.BRIEF,
        Command.FULL,
        Command.ANOTHER_CASE,
        Command.SOMEONE_JOINS,
    }
)


#: Commands a group can say (every command but the one-key toggle).
VOICE_COMMANDS: tuple[Command, ...] = tuple(c for c in Command if c is not Command.TOGGLE_PAUSE)


class Answer(StrEnum):
    """An answer to a question the device asks (set-up and changes by voice).

    Each question accepts only a few of these; the listener hears them with a small grammar
    of just those answers, so a misheard word cannot do harm. Names are not answers: a
    question that accepts names lists them in ``QuestionAsked.names``.
    """

    YES = "yes"  # "ja"
    NO = "no"  # "nee"
    AGAIN = "again"  # "opnieuw": back to the previous question
    BEGIN = "begin"  # "intervisie beginnen": the device's wake phrase
    CHOICE_1 = "choice_1"  # "een", "twee", …: a numbered choice read out by the device
    CHOICE_2 = "choice_2"
    CHOICE_3 = "choice_3"
    CHOICE_4 = "choice_4"
    CHOICE_5 = "choice_5"
    CHOICE_6 = "choice_6"
    HOUR = "minutes_60"  # "een uur"
    HOUR_AND_HALF = "minutes_90"  # "anderhalf uur"
    TWO_HOURS = "minutes_120"  # "twee uur"
    TWO_AND_HALF_HOURS = "minutes_150"  # "tweeënhalf uur"
    THREE_HOURS = "minutes_180"  # "drie uur"
    DONE = "done"  # "klaar", "dat is iedereen": everyone who is here has said their name


class PeopleChangeKind(StrEnum):
    """A change of who is there during the session (each names one person)."""

    JOIN = "join"  # a latecomer joins: "Cem doet mee."
    LEAVE = "leave"  # someone leaves: "Cem gaat weg."
    PRESENTER = "presenter"  # the casusinbrenger, chosen or changed in the choosing step
    #: "nog een casus": the method's case part again with this casusinbrenger ("" when the
    #: case part starts with the choosing step: the group chooses there)
    ANOTHER_CASE = "another_case"


#: The numbered choices in order: "een" is ``CHOICES[0]``.
CHOICES: tuple[Answer, ...] = (
    Answer.CHOICE_1,
    Answer.CHOICE_2,
    Answer.CHOICE_3,
    Answer.CHOICE_4,
    Answer.CHOICE_5,
    Answer.CHOICE_6,
)


class InputSource(StrEnum):
    KEYBOARD = "keyboard"
    VOICE = "voice"
    SCREEN = "screen"  # a button on the room display
    SYSTEM = "system"  # tests, resume, scripted rehearsal


class EventType(StrEnum):
    # input
    COMMAND_ISSUED = "command_issued"
    SPEAKING_STARTED = "speaking_started"
    SPEAKING_ENDED = "speaking_ended"
    SHUTDOWN = "shutdown"
    ANSWER_GIVEN = "answer_given"
    PEOPLE_CHANGE = "people_change"
    VOICE_HEARD = "voice_heard"
    # output
    SESSION_STARTED = "session_started"
    STEP_ENTERED = "step_entered"
    TURN_STARTED = "turn_started"
    SAY = "say"
    WARNING = "warning"
    TIME_UP = "time_up"
    PLANNED_TIME_REACHED = "planned_time_reached"
    COMMAND_ACCEPTED = "command_accepted"
    COMMAND_REFUSED = "command_refused"
    SNAPSHOT = "snapshot"
    SESSION_ENDED = "session_ended"
    NOTICE = "notice"
    QUESTION_ASKED = "question_asked"
    QUESTION_CLOSED = "question_closed"
    ANSWER_TAKEN = "answer_taken"
    PEOPLE_CHANGED = "people_changed"
    PEOPLE_CHANGE_REFUSED = "people_change_refused"


class SayKind(StrEnum):
    """Why a line is spoken; the speaker derives its priority rules from this."""

    PROMPT = "prompt"  # a step's prompt (long; may be cut off by anything newer)
    RULE = "rule"  # opening rules, rule reminders, inspiration questions
    TURN = "turn"  # "Bram, jij bent aan de beurt"
    WARNING = "warning"  # "nog twee minuten"
    TIME_UP = "time_up"  # "de tijd is om"
    ACK = "ack"  # acknowledgement of an accepted command
    REFUSAL = "refusal"  # a command that cannot be done now, and why
    INFO = "info"  # answers: time left, help
    CLOSING = "closing"  # the closing words of the session


class Scope(StrEnum):
    STEP = "step"
    TURN = "turn"


# --------------------------------------------------------------------------- input events


@dataclass(frozen=True, slots=True)
class CommandIssued:
    command: Command
    source: InputSource = InputSource.KEYBOARD
    #: What was heard or typed, for the log (command words only, never free speech).
    heard: str = ""
    type: EventType = field(default=EventType.COMMAND_ISSUED, init=False)


@dataclass(frozen=True, slots=True)
class VoiceHeard:
    """Someone in the room started (``active``) or stopped speaking into the microphone.

    Posted by the listener at the start and end of each utterance it hears (never while the
    device's own voice mutes it); it carries no words. The device does not ask a question
    again over a person who is still answering it.
    """

    active: bool
    type: EventType = field(default=EventType.VOICE_HEARD, init=False)


@dataclass(frozen=True, slots=True)
class AnswerGiven:
    """An answer to the open question (``QuestionAsked.key``), by voice, key or touch.

    ``name`` is set when the answer is a name (one of ``QuestionAsked.names``); ``answer`` is
    then None.
    """

    question: str
    answer: Answer | None
    source: InputSource = InputSource.KEYBOARD
    name: str | None = None
    heard: str = ""
    type: EventType = field(default=EventType.ANSWER_GIVEN, init=False)


@dataclass(frozen=True, slots=True)
class PeopleChange:
    """Someone joins or leaves, the casusinbrenger is chosen, or another case begins.

    A typed input event (it names a person), by key, voice or the set-up dialogue. The
    session accepts it when its machine does (``PeopleChanged``) or says why not
    (``PeopleChangeRefused``).
    """

    kind: PeopleChangeKind
    name: str = ""
    source: InputSource = InputSource.KEYBOARD
    heard: str = ""
    type: EventType = field(default=EventType.PEOPLE_CHANGE, init=False)


@dataclass(frozen=True, slots=True)
class SpeakingStarted:
    """The device started producing sound (the spotter mutes itself)."""

    text: str
    type: EventType = field(default=EventType.SPEAKING_STARTED, init=False)


@dataclass(frozen=True, slots=True)
class SpeakingEnded:
    """The device stopped producing sound (the spotter unmutes after a guard delay)."""

    text: str
    interrupted: bool = False
    type: EventType = field(default=EventType.SPEAKING_ENDED, init=False)


@dataclass(frozen=True, slots=True)
class Shutdown:
    reason: str = ""
    type: EventType = field(default=EventType.SHUTDOWN, init=False)


# --------------------------------------------------------------------------- output events


@dataclass(frozen=True, slots=True)
class SessionStarted:
    method_id: str
    method_name: str
    participants: tuple[str, ...]
    casusinbrenger: str
    planned_minutes: float
    resumed: bool = False
    type: EventType = field(default=EventType.SESSION_STARTED, init=False)


@dataclass(frozen=True, slots=True)
class StepEntered:
    index: int  # 0-based
    count: int
    title: str
    role: str  # a methods.schema.Role value
    allotted_s: float  # time box of this step as it now stands (after fitting/undo)
    rule: str
    is_round: bool
    soft: bool
    type: EventType = field(default=EventType.STEP_ENTERED, init=False)


@dataclass(frozen=True, slots=True)
class TurnStarted:
    name: str
    index: int  # 0-based position in the round
    count: int
    allotted_s: float
    type: EventType = field(default=EventType.TURN_STARTED, init=False)


@dataclass(frozen=True, slots=True)
class Say:
    """A line the device speaks *and* shows as a caption (exactly this text).

    ``generation`` increases whenever the step (or turn) changes; the speaker drops
    queued lines of an older generation (stale speech). ``replaces`` asks the speaker to
    cut off whatever it is saying now (e.g. "herhaal").
    """

    text: str
    kind: SayKind
    generation: int
    replaces: bool = False
    type: EventType = field(default=EventType.SAY, init=False)


@dataclass(frozen=True, slots=True)
class TimeWarning:
    scope: Scope
    seconds_left: float
    name: str = ""  # the speaker's name for turn warnings
    type: EventType = field(default=EventType.WARNING, init=False)


@dataclass(frozen=True, slots=True)
class TimeUp:
    scope: Scope
    overtime_s: float = 0.0  # 0 at the first time-up, then grows with each reminder
    name: str = ""
    type: EventType = field(default=EventType.TIME_UP, init=False)


@dataclass(frozen=True, slots=True)
class PlannedTimeReached:
    """A soft step (no hard limit) reached its planned time. Nothing is said: the screen
    shows it and the group decides; a rehearsal moves on here."""

    index: int  # 0-based step
    type: EventType = field(default=EventType.PLANNED_TIME_REACHED, init=False)


@dataclass(frozen=True, slots=True)
class CommandAccepted:
    command: Command
    source: InputSource
    type: EventType = field(default=EventType.COMMAND_ACCEPTED, init=False)


@dataclass(frozen=True, slots=True)
class CommandRefused:
    command: Command
    source: InputSource
    reason: str  # Dutch, shown to the user
    type: EventType = field(default=EventType.COMMAND_REFUSED, init=False)


@dataclass(frozen=True, slots=True)
class TurnSnapshot:
    """The current turn of a round."""

    name: str
    index: int  # 0-based position in the round
    count: int
    allotted_s: float
    remaining_s: float  # at ``Snapshot.at``; negative when over the turn's time


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Where the session stands, complete: published after every change (never per tick).

    Every view (live screen, plain lines, room display, keyboard, rehearsal) draws from
    the latest snapshot and keeps no copy of session state. Countdowns between snapshots:
    ``remaining_at(now)`` with ``now`` from the same monotonic clock (``at``'s clock).
    """

    seq: int  # increases by one with every snapshot of a session
    at: float  # clock time of the snapshot (monotonic seconds)
    state: tuple[str, ...]  # the machine's state, e.g. ("sessie.stap.s3", "sessie.klok.loopt", …)
    method_id: str
    method_name: str
    participants: tuple[str, ...]
    casusinbrenger: str
    meeting: int | None
    started: bool
    ended: bool
    completed: bool  # ended by reaching the end (not by "ja, stoppen")
    step_index: int  # 0-based; 0 before the start
    step_count: int
    step_title: str
    role: str  # a methods.schema.Role value
    rule: str
    soft: bool  # no hard time limit (check-ins instead of time-up)
    is_round: bool
    allotted_s: float  # the step's time box as it now stands
    remaining_s: float  # of the step at ``at``; negative when over time
    turn: TurnSnapshot | None  # None outside a round, and once the round is complete
    round_complete: bool
    paused: bool
    stop_pending: bool
    speaking: bool  # the device is producing sound
    planned_end_s: float  # clock time at which the session is planned to end
    planned_end: datetime | None  # the same moment on the wall clock
    allowed: frozenset[Command]  # the commands the machine accepts now
    generation: int
    case_number: int = 1  # 2 after "nog een casus", …
    absent: tuple[str, ...] = ()  # members of the group who are not (or no longer) here
    choosing: bool = False  # this is the step in which the group chooses the case
    #: the changes of people the machine takes now, for someone (the room display's buttons)
    changes: frozenset[PeopleChangeKind] = frozenset()
    case_later: bool = False  # "nog een casus" may leave the name to the choosing step
    #: the commands this session never takes (its settings rule them out: "er is iemand
    #: bij" outside the device mode); views do not offer them (key legend, buttons)
    ruled_out: frozenset[Command] = frozenset()
    type: EventType = field(default=EventType.SNAPSHOT, init=False)

    def remaining_at(self, now: float) -> tuple[float, float]:
        """(step, turn) seconds left at clock time ``now``: frozen while paused."""
        passed = 0.0 if self.paused or self.ended else max(0.0, now - self.at)
        turn = self.turn.remaining_s - passed if self.turn is not None else 0.0
        return self.remaining_s - passed, turn


@dataclass(frozen=True, slots=True)
class SessionEnded:
    completed: bool  # False when stopped early
    type: EventType = field(default=EventType.SESSION_ENDED, init=False)


@dataclass(frozen=True, slots=True)
class Notice:
    """Something about the device rather than the session (no microphone, no voice, …).

    Shown on screen, not spoken. ``level`` is "info" or "warning". ``spoken``, when given, is
    a short line the session also says aloud (the state that cannot be saved).
    ``microphone``: False when the microphone stopped giving sound, True when it is back
    (None: the notice is about something else); open questions do not time out meanwhile.
    """

    text: str
    level: str = "info"
    spoken: str = ""
    microphone: bool | None = None
    type: EventType = field(default=EventType.NOTICE, init=False)


@dataclass(frozen=True, slots=True)
class QuestionAsked:
    """The device asks the group something and waits for one of ``answers`` (or a name).

    ``key`` identifies the question ("present:Anna", "method", "duration", …); an answer
    names it, so a late answer to an earlier question is ignored. ``attempt`` counts from 1
    (a question is repeated once after a time-out). ``text`` is what the screen shows.
    """

    key: str
    text: str
    answers: tuple[Answer, ...]
    names: tuple[str, ...] = ()
    attempt: int = 1
    type: EventType = field(default=EventType.QUESTION_ASKED, init=False)


@dataclass(frozen=True, slots=True)
class QuestionClosed:
    """The open question was answered, timed out for good, or withdrawn."""

    key: str
    type: EventType = field(default=EventType.QUESTION_CLOSED, init=False)


@dataclass(frozen=True, slots=True)
class AnswerTaken:
    """An answer the device acted on (for the log and the screen): ``answer`` is an
    ``Answer`` value, ``@NAME`` for a name, or ``default`` when nobody answered twice."""

    question: str
    answer: str
    source: InputSource
    type: EventType = field(default=EventType.ANSWER_TAKEN, init=False)


@dataclass(frozen=True, slots=True)
class PeopleChanged:
    """A ``PeopleChange`` was done: who is there now, and whose case it is."""

    kind: PeopleChangeKind
    name: str
    source: InputSource
    participants: tuple[str, ...]
    casusinbrenger: str  # "" while the group has not chosen yet
    case_number: int
    type: EventType = field(default=EventType.PEOPLE_CHANGED, init=False)


@dataclass(frozen=True, slots=True)
class PeopleChangeRefused:
    kind: PeopleChangeKind
    name: str
    source: InputSource
    reason: str  # Dutch (or the session's language), also said aloud
    type: EventType = field(default=EventType.PEOPLE_CHANGE_REFUSED, init=False)


Event = (
    SessionStarted
    | StepEntered
    | TurnStarted
    | Say
    | TimeWarning
    | TimeUp
    | PlannedTimeReached
    | CommandAccepted
    | CommandRefused
    | Snapshot
    | SessionEnded
    | Notice
    | SpeakingStarted
    | SpeakingEnded
    | QuestionAsked
    | QuestionClosed
    | AnswerTaken
    | PeopleChanged
    | PeopleChangeRefused
)

Listener = Callable[[Event], None]

#: What may be posted to the controller's queue. ``SpeakingStarted``/``SpeakingEnded`` and
#: ``Notice`` are passed on unchanged to every listener (adapters post them from their threads).
InputEvent = (
    CommandIssued
    | AnswerGiven
    | PeopleChange
    | SpeakingStarted
    | SpeakingEnded
    | Notice
    | Shutdown
    | VoiceHeard
)
Post = Callable[[InputEvent], None]
