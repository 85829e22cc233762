#!/usr/bin/env sh
# apt-install.sh PACKAGE WHAT HINT: install a Debian/Ubuntu package the tests need (as root,
# or with sudo), or, where there is no apt-get, fail saying what is missing (WHAT) and how to
# get it (HINT). The ensure-*.sh scripts call it once they know the package is missing.
set -eu
package=$1 what=$2 hint=$3
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$what is missing and there is no apt-get to install it:" >&2
    echo "$hint" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "Installing $what (apt package $package) for the tests"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$package" >/dev/null
