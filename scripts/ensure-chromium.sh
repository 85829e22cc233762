#!/usr/bin/env sh
# The HTML reports are checked in headless Chromium, driven by Playwright for Python
# (installed with pip; it never downloads a browser of its own here). This installs
# Debian's chromium when it is missing. HISAB_CHROMIUM points the tests at another binary.
set -eu
if [ -n "${HISAB_CHROMIUM:-}" ] && [ -x "$HISAB_CHROMIUM" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
exec "$(dirname "$0")/apt-install.sh" chromium "Chromium" \
    "install chromium with your system's package manager, or set HISAB_CHROMIUM."
