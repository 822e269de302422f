#!/usr/bin/env bash
# Vendor the patient web chat widget (rasa-webchat) into the console's static files.
#
#   scripts/vendor-webchat.sh
#
# Why vendored: the chat page must load nothing from outside the deployment (no CDN), and a
# front-end build is more machinery than one prebuilt file needs. The result is committed:
#
#   bot/console/static/vendor/rasa-webchat-1.0.1.js        the package's lib/index.js (UMD
#                                                           bundle, exposes window.WebChat)
#   bot/console/static/vendor/rasa-webchat-1.0.1.LICENSE   its licence (Apache-2.0)
#
# The one change to the bundle: its stylesheets `@import url(https://fonts.googleapis.com/...)`
# (the Inter font). Those imports are removed, so the widget falls back to the system sans-serif
# font and the patient's browser never contacts Google. A header comment records the package,
# version, licence, the change and the sha256 of the original file.
#
# Needs npm (it only downloads the tarball: nothing is installed or executed). To move to a new
# version, change VERSION, run with EXPECTED_SHA256= (empty) once, review the bundle, then pin the
# printed checksum here and update the <script> tag in bot/console/templates/chat.html.

set -euo pipefail

PACKAGE=rasa-webchat
VERSION=1.0.1
LICENSE_ID=Apache-2.0
# sha256 of package/lib/index.js as published; a different download is refused.
EXPECTED_SHA256=${EXPECTED_SHA256-bfedd788e4bd7df12f64b5bf2963e634f84bac1cb176b6cede60c507d3553f1e}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST_DIR=$ROOT/bot/console/static/vendor
DEST_JS=$DEST_DIR/$PACKAGE-$VERSION.js
DEST_LICENSE=$DEST_DIR/$PACKAGE-$VERSION.LICENSE

fail() {
    echo "vendor-webchat: $*" >&2
    exit 1
}

command -v npm >/dev/null || fail "npm is needed to download the package; install Node.js and npm."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "Downloading $PACKAGE@$VERSION (npm pack) ..."
(cd "$work" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null) \
    || fail "npm pack $PACKAGE@$VERSION failed (is the npm registry reachable?)."
tar -xzf "$work/$PACKAGE-$VERSION.tgz" -C "$work" \
    package/lib/index.js package/LICENSE package/package.json

original=$work/package/lib/index.js
sha256=$(sha256sum "$original" | cut -d' ' -f1)
if [[ -n $EXPECTED_SHA256 && $sha256 != "$EXPECTED_SHA256" ]]; then
    fail "package/lib/index.js has sha256 $sha256, expected $EXPECTED_SHA256. Refusing to vendor
a file that differs from the one reviewed; see the header of this script to update on purpose."
fi
grep -q "\"license\": \"$LICENSE_ID\"" "$work/package/package.json" \
    || fail "package.json no longer declares the $LICENSE_ID licence; review the new licence first."

font_imports='@import url\(https://fonts\.googleapis\.com/[^)]*\);?'
removed=$(grep -Eo "$font_imports" "$original" | wc -l)
[[ $removed -gt 0 ]] || fail "no Google Fonts @import found: the bundle changed, review it by hand."

mkdir -p "$DEST_DIR"
{
    printf '/*! %s %s, vendored for CareLoop by scripts/vendor-webchat.sh.\n' "$PACKAGE" "$VERSION"
    printf ' * Licence: %s (see %s-%s.LICENSE beside this file).\n' "$LICENSE_ID" "$PACKAGE" "$VERSION"
    printf ' * Source: npm package %s@%s, file package/lib/index.js,\n' "$PACKAGE" "$VERSION"
    printf ' *   sha256 of the original file: %s\n' "$sha256"
    printf ' * Modified by CareLoop: removed %d CSS imports of Google Fonts (fonts.googleapis.com)\n' "$removed"
    printf ' *   so that no browser loads anything from outside the deployment.\n */\n'
    sed -E "s#$font_imports##g" "$original"
} >"$DEST_JS.tmp"
cp "$work/package/LICENSE" "$DEST_LICENSE.tmp"

# Nothing the browser would fetch may point outside: no @import of a remote stylesheet and no
# <script>/<link> with a remote address. (Other https:// strings in the bundle are error-message
# links and a document viewer CareLoop does not enable; the page's CSP blocks them regardless.)
remote_fetches=$(grep -Eo '@import[^;"]*(https?:)?//[^;"]*|<(script|link)[^>]*(src|href)=\\?["'"'"']?(https?:)?//[^>]*' \
    "$DEST_JS.tmp" || true)
if [[ -n $remote_fetches ]]; then
    rm -f "$DEST_JS.tmp" "$DEST_LICENSE.tmp"
    fail "remote resources remain in the bundle:
$remote_fetches"
fi

mv "$DEST_JS.tmp" "$DEST_JS"
mv "$DEST_LICENSE.tmp" "$DEST_LICENSE"
echo "Wrote ${DEST_JS#"$ROOT"/} ($removed Google Fonts imports removed) and ${DEST_LICENSE#"$ROOT"/}."
