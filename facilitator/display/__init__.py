"""Displays for people who look rather than listen; each one is a listener of the events.

* ``plain.PlainDisplay``: one Dutch line per event (``--plain``, screen readers, logs);
* ``live.LiveDisplay``: a ``rich.Live`` screen, drawn from the pure model in ``state.py``;
* ``format``: pure text formatting; ``keys``: the key map and legend;
* ``eventlog.EventLog``: ``--event-log``, one JSON line per event.
"""
