#!/usr/bin/env bash
# Set up (test part), run the static checks and every test, then the quick benchmark
# regression checks.
# Exits non-zero on any failure. Extra arguments go to pytest (e.g. -k plain, -m "not slow").
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh --test
VENV="${VENV:-.venv}"

# Static checks first (seconds): lint, formatting, strict types.
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy"

"$VENV/bin/python" -m pytest "$@"

# Quick benchmark regression checks: each prints its figures and exits non-zero on a regression.
if [[ -f scripts/bench_listen.py ]]; then
    echo "Benchmark (snel): scripts/bench_listen.py --quick --check"
    "$VENV/bin/python" scripts/bench_listen.py --quick --check
fi
if [[ -f scripts/bench_roomscreen.py ]]; then
    echo "Benchmark (snel): scripts/bench_roomscreen.py --quick --check"
    "$VENV/bin/python" scripts/bench_roomscreen.py --quick --check
fi
if [[ -f scripts/bench_roomscreen_people.py ]]; then
    echo "Benchmark (snel): scripts/bench_roomscreen_people.py --quick --check"
    "$VENV/bin/python" scripts/bench_roomscreen_people.py --quick --check
fi
