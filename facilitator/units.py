"""Units of time used throughout (one place, so no part keeps its own copy)."""

SECONDS_PER_MINUTE = 60
SECONDS_PER_HOUR = 60 * SECONDS_PER_MINUTE
