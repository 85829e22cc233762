#!/usr/bin/env sh
# The tests run the store, the API keys and the API on PostgreSQL too (the server
# deployment); they start a throwaway server from the system's PostgreSQL binaries.
# This installs them (Debian/Ubuntu package `postgresql`) when they are missing.
set -eu
if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    exit 0
fi
exec "$(dirname "$0")/apt-install.sh" postgresql "PostgreSQL's server (initdb, pg_ctl)" \
    "install PostgreSQL 13 or later with your system's package manager."
