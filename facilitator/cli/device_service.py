"""``facilitator apparaat --installeer`` / ``--verwijder``: the device mode as a systemd user
service (``facilitator.device.service``). The ``apparaat`` parser calls these; a
``ServiceError`` (or a ``GroupError`` for an unknown group) reaches ``cli.main``, which
prints its Dutch line and exits with code 2."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

#: Options of ``facilitator apparaat`` that are not passed on to the service's command.
INSTALL = "--installeer"
REMOVE = "--verwijder"
GROUP = "--groep"


def forwarded_options(argv: Sequence[str]) -> list[str]:
    """The ``apparaat`` options the service must run with: ``argv`` (what follows
    ``apparaat`` on the command line) without ``--installeer``, ``--verwijder`` and the
    group, which the unit writes itself."""
    kept: list[str] = []
    skip_value = False
    for arg in argv:
        if skip_value:
            skip_value = False
        elif arg in (INSTALL, REMOVE):
            continue
        elif arg == GROUP:
            skip_value = True
        elif not arg.startswith(GROUP + "="):
            kept.append(arg)
    return kept


def install_service(group: str | None, argv: Sequence[str] = (), out: TextIO | None = None) -> int:
    """Install and start the service for ``group``; ``argv`` as in ``forwarded_options``."""
    from facilitator.device import service

    report = service.install(group, forwarded_options(argv))
    print(report, file=out if out is not None else sys.stdout, flush=True)
    return 0


def remove_service(out: TextIO | None = None) -> int:
    """Stop, disable and delete the service (nothing to do is fine too)."""
    from facilitator.device import service

    print(service.remove(), file=out if out is not None else sys.stdout, flush=True)
    return 0
