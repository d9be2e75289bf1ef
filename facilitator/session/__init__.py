"""The session engine: state machine, timing, controller and saved state.

Typical wiring (the CLI does this)::

    plan = SessionPlan(fit(method, minutes), participants, casusinbrenger, meeting)
    session = Session(plan, clock=MonotonicClock(), listeners=[display, speaker],
                      help_phrases=vocabulary_phrases, help_keys=keys, store=StateStore())
    controller = Controller(session, clock)      # post() from any thread
    controller.run()                             # or controller.start_thread()

Resuming after a crash::

    saved = load_state()                         # None, or StateError (Dutch) if corrupt
    plan = saved.plan(resume_method(saved).method)   # built-in by id, user file by path
    session = Session(plan, ..., store=StateStore(), restore=saved)
"""

from facilitator.session.clock import Clock, FakeClock, MonotonicClock, ScaledClock
from facilitator.session.controller import Controller
from facilitator.session.engine import Session
from facilitator.session.plan import PlanError, SessionPlan, SessionSettings
from facilitator.session.store import SavedState, StateError, StateStore, load_state

__all__ = [
    "Clock",
    "Controller",
    "FakeClock",
    "MonotonicClock",
    "PlanError",
    "SavedState",
    "ScaledClock",
    "Session",
    "SessionPlan",
    "SessionSettings",
    "StateError",
    "StateStore",
    "load_state",
]
