"""The lines a session will say, known before it starts: what the speech cache renders ahead.

``plan_texts`` builds, from the plan and the phrase pack, the same texts the session says (the
welcome, every step's prompt and rule, the turns of each round, the fixed warnings and
time-ups, the acknowledgements, the closing words), in the order they will be needed. Texts
that depend on the moment (time left, a turn after someone stopped early, over-time
reminders past the first) are not in it: they are rendered when they are said. A text that
differs from what the session says is only a wasted render, never a wrong word: the cache is
keyed by the exact text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from facilitator.events import VOICE_COMMANDS, Command
from facilitator.methods.schema import Step, Timing
from facilitator.phrases import Phrases, Refusal, TurnEnd, get_phrases
from facilitator.session import wording
from facilitator.session.machine import ruled_out
from facilitator.session.plan import SessionPlan, SessionSettings
from facilitator.session.texts import fill, placeholder_values
from facilitator.session.timing import round_speakers

SECONDS_PER_MINUTE = 60.0
HALF_MINUTE_S = 30.0
FIVE_S = 5.0  # how finely durations under a minute are said


def plan_texts(
    plan: SessionPlan,
    settings: SessionSettings,
    help_phrases: Mapping[Command, Sequence[str]],
    help_keys: Mapping[Command, str],
) -> tuple[str, ...]:
    """Every line the session is expected to say, first needed first, each once."""
    words = {c: said[0] for c, said in help_phrases.items() if said}
    p = get_phrases(settings.language, words, brief=settings.brief)
    values = placeholder_values(plan, p)
    method = plan.method
    case = wording.welcome_case(method, plan.casusinbrenger)
    texts: list[str] = [p.welcome(method.name, plan.participants, case)]
    meeting = method.meeting(plan.meeting) if plan.meeting is not None else None
    if meeting is not None:
        texts.append(p.meeting_intro(meeting.number, meeting.title))
    if not p.brief:
        texts += [fill(rule, values) for rule in method.opening_rules]
    for index, step in enumerate(method.steps):
        texts += _step_texts(plan, settings, p, values, index, step)
        if index == 0:
            texts += _acknowledgements(p)
    texts.append(p.closing(plan.casusinbrenger))
    texts += [p.questions_intro(), p.help_intro()]
    voice = help_phrases or {c: [p.command_words(c)] for c in VOICE_COMMANDS}
    never = ruled_out(settings)  # as the session's help: not what it never takes
    voice = {c: said for c, said in voice.items() if c not in never}
    texts += [p.help_voice(voice), p.help_more(voice)]
    texts += [p.refusal(reason) for reason in Refusal]
    count = len(method.steps)
    texts += [p.step_title(i + 1, count, s.title) for i, s in enumerate(method.steps)]
    for step in method.steps:
        texts += _turn_times(plan, p, step)
    return tuple(dict.fromkeys(t for t in texts if t))


def _turn_times(plan: SessionPlan, p: Phrases, step: Step) -> list[str]:
    """A turn that starts after someone stopped early has another time left: its second
    sentence ("Je hebt ongeveer twee minuten.") for every wording up to the turn's share,
    five seconds apart under a minute and half minutes above (needed last: at the end)."""
    spec = step.round
    if spec is None:
        return []
    speakers = round_speakers(plan.participants, plan.casusinbrenger, spec.include_casusinbrenger)
    if not speakers:
        return []
    reserve = spec.reserve_minutes * SECONDS_PER_MINUTE
    share = max(0.0, step.minutes * SECONDS_PER_MINUTE - reserve) / len(speakers)
    times = [FIVE_S * k for k in range(1, int(SECONDS_PER_MINUTE // FIVE_S) + 1)]
    times += [HALF_MINUTE_S * k for k in range(2, int(share // HALF_MINUTE_S) + 2)]
    return [p.turn_call(speakers[0], t) for t in times if t <= share + HALF_MINUTE_S]


def _acknowledgements(p: Phrases) -> list[str]:
    return [
        p.ack_next_step(),
        p.ack_previous_step(),
        p.ack_pause(),
        p.ack_resume(),
        p.ack_repeat(),
        p.ack_next_speaker(),
        p.ask_stop(),
        p.ack_cancel(),
        p.ack_stop_confirmed(),
        p.stop_expired(),
    ]


def _step_texts(
    plan: SessionPlan,
    settings: SessionSettings,
    p: Phrases,
    values: dict[str, str],
    index: int,
    step: Step,
) -> list[str]:
    method = plan.method
    count = len(method.steps)
    soft = method.step_timing(step) is Timing.SOFT
    allotted = step.minutes * SECONDS_PER_MINUTE
    prompt = fill(wording.step_prompt(step, p.brief, p, "{inbrenger}"), values)
    texts = [p.step_intro(index + 1, count, step.title, prompt, allotted, soft)]
    texts += [
        fill(line, values) for line in wording.entry_extras(method, index, p, settings.follow_up)
    ]
    rule = fill(step.rule, values)
    if rule:  # "spelregel", or halfway through the step
        texts.append(p.rule_reminder(rule))
    if step.round is not None:
        texts += _round_texts(plan, settings, p, values, step, allotted, soft)
    if not soft:
        texts += [p.warning(float(w)) for w in method.step_warnings(step) if w < allotted]
        # the first time-up of a session says what to do next; the later ones do not
        texts += [p.time_up(settings.more_time_s, hint) for hint in (True, False)]
        reminder_min = settings.reminder_min or method.reminder_min
        texts.append(p.overtime(reminder_min * SECONDS_PER_MINUTE))
    else:  # check-ins every few minutes, up to the planned time and one beyond
        every = (settings.checkin_min or method.checkin_min) * SECONDS_PER_MINUTE
        count = int(allotted // every) + 1 if every > 0 else 0
        texts += [p.checkin(every * k) for k in range(1, count + 1)]
    texts += [fill(question, values) for question in step.inspiration]
    return texts


def _round_texts(
    plan: SessionPlan,
    settings: SessionSettings,
    p: Phrases,
    values: dict[str, str],
    step: Step,
    allotted: float,
    soft: bool,
) -> list[str]:
    spec = step.round
    assert spec is not None
    speakers = round_speakers(plan.participants, plan.casusinbrenger, spec.include_casusinbrenger)
    reserve = spec.reserve_minutes * SECONDS_PER_MINUTE
    share = max(0.0, allotted - reserve) / max(len(speakers), 1)
    texts: list[str] = []
    for position, name in enumerate(speakers):
        # said with the time left a moment later: both wordings, when they differ
        first = position == 0  # the share is said at the first turn only
        texts += [p.turn_call(name, share, first), p.turn_call(name, max(0.0, share - 1.0), first)]
        if share > settings.turn_warning_s and not p.brief:
            texts.append(p.turn_warning(name, settings.turn_warning_s))
        if position + 1 < len(speakers):
            then = TurnEnd.NEXT_SPEAKER
        elif reserve > 0 or spec.after_prompt:
            then = TurnEnd.CLOSE_ROUND
        else:
            then = TurnEnd.NEXT_STEP
        texts += [p.turn_time_up(name, then, hint) for hint in (True, False)]
    if spec.after_prompt:
        texts.append(p.round_done())
        texts.append(p.after_round(fill(spec.after_prompt, values), reserve, soft))
    else:
        texts.append(p.round_complete())
    return texts
