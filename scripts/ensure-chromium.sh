#!/usr/bin/env sh
# The HTML reports are checked in headless Chromium, driven by Playwright for Python
# (installed with pip; it never downloads a browser of its own here). This installs
# Debian's chromium when it is missing. HISAB_CHROMIUM points the tests at another binary.
set -eu
if [ -n "${HISAB_CHROMIUM:-}" ] && [ -x "$HISAB_CHROMIUM" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Chromium is missing and there is no apt-get to install it:" >&2
    echo "install chromium with your system's package manager, or set HISAB_CHROMIUM." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "Installing Chromium (apt package chromium) for the HTML report tests"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
