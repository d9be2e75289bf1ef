#!/usr/bin/env bash
# Set up (runtime part, and the Dutch speech model when it is missing) and start a session.
# Without arguments: the 5-stappen method, and the names are asked for on screen. Any arguments
# are passed on to "facilitator start"; with "apparaat" first, to "facilitator apparaat" (the
# table device, set up by voice).
#
#   bash scripts/run.sh
#   bash scripts/run.sh roddelmethode --deelnemers "Anna,Bram,Cem" --inbrenger Bram --duur 45
#   bash scripts/run.sh apparaat --groep Dinsdag
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh >&2
VENV="${VENV:-.venv}"

# Voice commands need the Dutch speech model (≈ 40 MB, once). Without it (no internet, say)
# the session still runs by keyboard and screen, and says so.
if ! "$VENV/bin/python" -c 'import sys; from facilitator.listening import find_model
sys.exit(0 if find_model("nl") else 1)'; then
    echo "Het Nederlandse spraakmodel ontbreekt; ik download het nu (eenmalig, ongeveer 40 MB)." >&2
    if ! "$VENV/bin/facilitator" model download >&2; then
        echo "Zonder spraakmodel werkt de sessie met toetsenbord en scherm." \
            "Later opnieuw: $VENV/bin/facilitator model download" >&2
    fi
fi

if (($# == 0)); then
    set -- 5-stappen
fi
if [[ "$1" == "apparaat" ]]; then
    exec "$VENV/bin/facilitator" "$@"
fi
exec "$VENV/bin/facilitator" start "$@"
