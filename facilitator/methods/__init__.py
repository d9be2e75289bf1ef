"""Intervisie methods as data: schema, loader, registry and fitting.

Public API::

    load_method(path) -> Method          # one TOML file; MethodError with a Dutch message
    builtin_methods() -> list[Method]    # the shipped library
    discover() -> Discovery              # built-in + user methods, broken files listed
    find_method(name_or_path) -> Method  # id, forgiving name or path; MethodNotFound
    fit(method, minutes) -> Method       # rescale to the time a group has; FitError
"""

from facilitator.methods.errors import ErrorCode, FitError, MethodError, MethodNotFound
from facilitator.methods.fitting import fit, minimum_minutes
from facilitator.methods.loader import load_method
from facilitator.methods.registry import (
    Discovery,
    MethodEntry,
    Origin,
    builtin_methods,
    discover,
    find_method,
    user_methods_dir,
)

__all__ = [
    "Discovery",
    "ErrorCode",
    "FitError",
    "MethodEntry",
    "MethodError",
    "MethodNotFound",
    "Origin",
    "builtin_methods",
    "discover",
    "find_method",
    "fit",
    "load_method",
    "minimum_minutes",
    "user_methods_dir",
]
