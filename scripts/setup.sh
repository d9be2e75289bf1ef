#!/usr/bin/env bash
# Set up the facilitator on a Debian/Ubuntu machine (or Raspberry Pi OS). Idempotent.
#
#   bash scripts/setup.sh          # runtime: speech + audio packages, .venv, pip install -e .
#   bash scripts/setup.sh --test   # also the packages and Python extras the tests need
#
# Environment: PYTHON (default python3), VENV (default .venv in the repository).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

mode="runtime"
if [[ "${1:-}" == "--test" ]]; then
    mode="test"
elif [[ -n "${1:-}" ]]; then
    echo "Gebruik: bash scripts/setup.sh [--test]" >&2
    exit 2
fi

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"

runtime_packages=(espeak-ng alsa-utils libportaudio2 libspeexdsp1)
# asterisk-core-sounds-*-g722: real human speech for the listening benchmark's quick check;
# systemd: systemd-analyze and a private user manager check the device mode's service
test_packages=(pulseaudio pulseaudio-utils libasound2-plugins sox strace chromium
    asterisk-core-sounds-en-g722 asterisk-core-sounds-fr-g722 systemd)
packages=("${runtime_packages[@]}")
# "python3 -m venv" needs ensurepip, which Debian ships separately.
if ! "$PYTHON" -c "import ensurepip" >/dev/null 2>&1; then
    packages+=(python3-venv)
fi
if [[ "$mode" == "test" ]]; then
    packages+=("${test_packages[@]}")
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in "${packages[@]}"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        if [[ "$status" != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
else
    echo "Let op: geen dpkg gevonden; installeer zelf: ${packages[*]}" >&2
fi

if ((${#missing[@]})); then
    echo "Systeempakketten installeren: ${missing[*]}"
    sudo_cmd=()
    if [[ "$(id -u)" -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo_cmd=(sudo)
        else
            echo "Fout: ${missing[*]} ontbreken en er is geen sudo. Installeer ze als root." >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update
    "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [[ ! -x "$VENV/bin/python" ]]; then
    echo "Virtuele omgeving maken in $VENV"
    "$PYTHON" -m venv "$VENV"
fi

extras=""
if [[ "$mode" == "test" ]]; then
    extras="[test,dev]"
fi

# Skip pip when the project is already installed with the same pyproject.toml (fast re-runs).
stamp="$VENV/.facilitator-installed-$mode"
test_stamp="$VENV/.facilitator-installed-test"  # a test install includes the runtime one
if { [[ -f "$stamp" ]] && cmp -s pyproject.toml "$stamp"; } ||
    { [[ -f "$test_stamp" ]] && cmp -s pyproject.toml "$test_stamp"; }; then
    echo "Python-pakketten zijn al geïnstalleerd ($mode)."
else
    "$VENV/bin/python" -m pip install --quiet -e ".$extras"
    cp pyproject.toml "$stamp"
fi

echo "Klaar: $VENV/bin/facilitator"
