#!/usr/bin/env sh
# `make install` compiles the matching engine with mypyc (setup.py), which needs a C compiler
# and the headers of the Python it builds for. This installs the compiler (Debian/Ubuntu
# package `gcc`) when it is missing, and says what to do when the headers are.
set -eu
PYTHON="${1:-python3}"
if ! command -v cc >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
    "$(dirname "$0")/apt-install.sh" gcc "a C compiler (gcc), for compiling the matching engine" \
        "install gcc or clang, or run HISAB_COMPILE=0 make install to run the engine as Python."
fi
headers="$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')"
if [ ! -f "$headers/Python.h" ]; then
    echo "error: $headers/Python.h not found: the matching engine is compiled against Python's" \
        "headers (Debian/Ubuntu: apt-get install python3-dev); HISAB_COMPILE=0 make install" \
        "runs it as Python instead" >&2
    exit 1
fi
