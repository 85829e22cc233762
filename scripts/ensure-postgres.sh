#!/usr/bin/env sh
# The tests run the store, the API keys and the API on PostgreSQL too (the server
# deployment); they start a throwaway server from the system's PostgreSQL binaries.
# This installs them (Debian/Ubuntu package `postgresql`) when they are missing.
set -eu
if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL's server (initdb, pg_ctl) is missing and there is no apt-get to install it:" >&2
    echo "install PostgreSQL 13 or later with your system's package manager." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "Installing PostgreSQL (apt package postgresql) for the tests"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
