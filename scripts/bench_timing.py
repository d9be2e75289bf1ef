"""Timing benchmark: how late warnings fire over a long session, and whether that drifts.

Runs a session of ``--hours`` through the real controller thread on a clock sped up
``--speed`` times, and prints the lateness of every warning and time-up in real milliseconds
(median, p99, max; first third against last third of the session, which shows drift)::

    python scripts/bench_timing.py --hours 3 --speed 300
"""

from facilitator.session.soak import main

if __name__ == "__main__":
    raise SystemExit(main())
