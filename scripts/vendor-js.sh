#!/usr/bin/env bash
# Refresh the JavaScript libraries vendored into src/hisab/static/vendor from the npm
# registry (pinned version; npm checks the package's integrity). The HTML pages inline
# them, so that a report opens offline and loads nothing from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
CYTOSCAPE=3.35.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "cytoscape@$CYTOSCAPE" >/dev/null && tar xzf "cytoscape-$CYTOSCAPE.tgz")
dest=src/hisab/static/vendor/cytoscape
mkdir -p "$dest"
cp "$tmp/package/dist/cytoscape.min.js" "$tmp/package/LICENSE" "$dest/"
echo "cytoscape $CYTOSCAPE (https://js.cytoscape.org, MIT), from the npm registry" > "$dest/VERSION"
sha256sum "$dest/cytoscape.min.js"
