"""The ``facilitator`` command. ``main`` is the console-script entry point.

User errors (bad method file, unknown method, bad names, bad settings, too little time) end
with one Dutch line on stderr and exit code 2, never a traceback. A session interrupted by
Ctrl-C or SIGTERM ends with exit code 3 (``EXIT_INTERRUPTED``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from facilitator.cli.options import CliError
from facilitator.cli.output import prepare_streams
from facilitator.cli.parser import EXIT_INTERRUPTED, EXIT_USAGE, PROG, build_parser
from facilitator.errors import FacilitatorError

__all__ = ["CliError", "main"]

log = logging.getLogger(__name__)

LOG_ENV = "FACILITATOR_LOG"  # e.g. FACILITATOR_LOG=debug


def _commands() -> dict[str, Callable[[argparse.Namespace], int]]:
    from facilitator.cli import device, groups, info, run, voice, voicecheck

    return {
        "methodes": info.cmd_methodes,
        "toon": info.cmd_toon,
        "start": run.cmd_start,
        "apparaat": device.cmd_apparaat,
        "oefen": run.cmd_oefen,
        "spreek-test": info.cmd_spreek_test,
        "model": info.cmd_model,
        "apparaten": info.cmd_apparaten,
        "groep": groups.cmd_groep,
        "stem": voice.cmd_stem,
        "stemtest": voicecheck.cmd_stemtest,
    }


def _configure_logging() -> None:
    # Problems a user must know about reach the screen as Dutch notices; technical log lines
    # (English) only from ERROR up, unless asked for (FACILITATOR_LOG=warning/info/debug).
    level_name = os.environ.get(LOG_ENV, "error").upper()
    found = getattr(logging, level_name, logging.WARNING)
    level = found if isinstance(found, int) else logging.ERROR
    timed = "%(relativeCreated)9.0f ms " if level == logging.DEBUG else ""
    logging.basicConfig(
        level=level,
        format=timed + "%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if level != logging.DEBUG:  # transitions logs every callback at INFO: only when debugging
        logging.getLogger("transitions").setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    prepare_streams()
    _configure_logging()
    args = build_parser().parse_args(argv)
    try:
        return _commands()[args.opdracht](args)
    except FacilitatorError as err:
        log.debug("user error %s", err.error_code)
        print(f"{PROG}: {err}", file=sys.stderr, flush=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{PROG}: afgebroken.", file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (e.g. "facilitator methodes | head"): nothing more to say
        sys.stderr.close()
        return 0
