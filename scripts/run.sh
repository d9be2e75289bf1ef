#!/usr/bin/env bash
# Set up (runtime part) and start a session. Without arguments: the 5-stappen method, and the
# names are asked for on screen. Any arguments are passed on to "facilitator start".
#
#   bash scripts/run.sh
#   bash scripts/run.sh roddelmethode --deelnemers "Anna,Bram,Cem" --inbrenger Bram --duur 45
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh >&2
VENV="${VENV:-.venv}"

if (($# == 0)); then
    set -- 5-stappen
fi
exec "$VENV/bin/facilitator" start "$@"
