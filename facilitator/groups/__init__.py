"""Standing groups: names, language, preferred methods, how much to explain, and (only
when the group opts in) who brought a case on which date with which method.

Public API::

    GroupStore(directory=None)   # one JSON file per group in the user data dir
    Group, CaseRecord, PromptLength
    check_group(group, known_methods) -> Group   # GroupError (Dutch) when it cannot be
"""

from facilitator.groups.checks import check_group, prompt_length
from facilitator.groups.errors import GroupError
from facilitator.groups.model import CaseRecord, Group, PromptLength
from facilitator.groups.store import GroupStore, default_dir

__all__ = [
    "CaseRecord",
    "Group",
    "GroupError",
    "GroupStore",
    "PromptLength",
    "check_group",
    "default_dir",
    "prompt_length",
]
