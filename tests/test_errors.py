"""One error root: every error a user can cause or fix is a ``FacilitatorError`` with a
stable code, and the command line turns each into one Dutch line and exit code 2."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import facilitator
from facilitator.errors import ErrorArea, FacilitatorError

#: Errors that never reach a user: each is caught inside its part and turned into a Notice
#: or a retry, and says so in its docstring's first line.
INTERNAL = {"RenderError", "AudioFormatError"}


def defined_errors() -> list[type[BaseException]]:
    found: list[type[BaseException]] = []
    for info in pkgutil.walk_packages(facilitator.__path__, "facilitator."):
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, BaseException)
                and obj.__module__ == module.__name__
                and obj.__name__.endswith(("Error", "NotFound", "Unavailable"))
            ):
                found.append(obj)
    return found


def test_every_user_error_derives_from_the_root() -> None:
    errors = defined_errors()
    assert len(errors) >= 12
    user = [e for e in errors if e.__name__ not in INTERNAL]
    outside = [e.__name__ for e in user if not issubclass(e, FacilitatorError)]
    assert outside == []
    areas = {e.area for e in user if issubclass(e, FacilitatorError)}
    assert {ErrorArea.METHOD, ErrorArea.SETTINGS, ErrorArea.STATE, ErrorArea.PLAN} <= areas


def test_a_method_error_has_a_fine_code() -> None:
    from pathlib import Path

    from facilitator.methods.errors import ErrorCode, MethodError

    err = MethodError(Path("m.toml"), "moet groter dan 0 zijn.", code=ErrorCode.NOT_POSITIVE)
    assert err.error_code == "method.not_positive"


def test_a_coded_error_takes_its_fine_code_where_it_is_raised() -> None:
    from facilitator.device.service import ServiceError
    from facilitator.groups import GroupError

    missing = GroupError("Groep 'Dinsdag' bestaat niet.", "missing")
    assert (missing.error_code, str(missing)) == ("group.missing", "Groep 'Dinsdag' bestaat niet.")
    assert GroupError("Geen groep.").error_code == "group"
    assert isinstance(missing, ValueError)  # the stdlib bases stay
    written = ServiceError("De unit kan niet geschreven worden.", "write")
    assert written.error_code == "service.write" and isinstance(written, RuntimeError)


class NewPartError(FacilitatorError):
    """An error of a part the command line has never heard of."""

    area = ErrorArea.SPEAKER


def test_the_cli_maps_the_root_to_exit_code_two_without_knowing_the_part(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator import cli
    from facilitator.cli import info

    def broken(args: object) -> int:
        raise NewPartError("Er is geen luidspreker gevonden. Kies er een met --luidspreker.")

    monkeypatch.setattr(info, "cmd_methodes", broken)
    assert cli.main(["methodes"]) == 2
    err = capsys.readouterr().err
    assert err == "facilitator: Er is geen luidspreker gevonden. Kies er een met --luidspreker.\n"
