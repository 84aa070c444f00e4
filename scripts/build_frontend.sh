#!/usr/bin/env bash
# Rebuild the vendored GOV.UK Frontend assets in hearth/core/static/govuk/ from the npm package.
#
#   bash scripts/build_frontend.sh        (or: make frontend)
#
# Needs node and npm (the npm registry must be reachable). Everything is installed in a temporary
# directory that is removed afterwards; nothing is added to the repository but the compiled output:
#
#   hearth/core/static/govuk/govuk-frontend.min.css   GOV.UK Frontend compiled with Arial
#   hearth/core/static/govuk/govuk-frontend.min.js    the ES module build (import { initAll } ...)
#   hearth/core/static/govuk/assets/images/...        only the images the compiled CSS refers to
#   hearth/core/static/govuk/VERSION                  which version was built, and how
#
# The font: GDS Transport is licensed for GOV.UK only, so Hearth sets $govuk-font-family to Arial
# and turns off $govuk-include-default-font-face (both documented in
# dist/govuk/settings/_typography-font.scss). No font files are copied, and the CSS has no @font-face.
# Source maps are not built or copied (the JS's sourceMappingURL comment is removed so that
# Django's ManifestStaticFilesStorage does not look for a .map file that is not there).
set -euo pipefail

GOVUK_FRONTEND_VERSION="6.6.0"
SASS_VERSION="1.108.2"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/hearth/core/static/govuk"

command -v npm >/dev/null || { echo "build_frontend: npm is needed (apt-get install npm)" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/hearth-frontend.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "build_frontend: installing govuk-frontend@$GOVUK_FRONTEND_VERSION and sass@$SASS_VERSION in $WORK"
cd "$WORK"
printf '{"name": "hearth-frontend-build", "private": true}\n' > package.json
npm install --no-audit --no-fund --no-save --ignore-scripts --loglevel=error \
  "govuk-frontend@$GOVUK_FRONTEND_VERSION" "sass@$SASS_VERSION" >/dev/null

PKG="$WORK/node_modules/govuk-frontend"
installed="$(node -p "require('$PKG/package.json').version")"
[ "$installed" = "$GOVUK_FRONTEND_VERSION" ] || { echo "build_frontend: got govuk-frontend $installed" >&2; exit 1; }

# The settings this relies on must still exist in the installed version.
grep -q '\$govuk-include-default-font-face' "$PKG/dist/govuk/settings/_typography-font.scss" \
  || { echo "build_frontend: \$govuk-include-default-font-face is gone; check the font settings" >&2; exit 1; }

# Paths in the CSS are relative to the CSS file, so they work under any STATIC_URL and
# ManifestStaticFilesStorage can rewrite them to hashed names.
cat > hearth-govuk.scss <<'SCSS'
@use "govuk-frontend/dist/govuk" as * with (
  $govuk-font-family: (arial, sans-serif),
  $govuk-include-default-font-face: false,
  $govuk-assets-path: "assets/"
);
SCSS

echo "build_frontend: compiling Sass"
./node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
  --quiet-deps hearth-govuk.scss govuk-frontend.min.css

if grep -q -e 'GDS Transport' -e '@font-face' govuk-frontend.min.css; then
  echo "build_frontend: the compiled CSS still mentions GDS Transport or @font-face" >&2
  exit 1
fi

echo "build_frontend: writing $OUT"
rm -rf "$OUT"
mkdir -p "$OUT/assets"
cp govuk-frontend.min.css "$OUT/govuk-frontend.min.css"
sed -e 's|//# sourceMappingURL=[^ ]*$||' "$PKG/dist/govuk/govuk-frontend.min.js" > "$OUT/govuk-frontend.min.js"

# Copy exactly the images the CSS refers to (never the fonts, nor the GOV.UK crown favicons).
grep -o 'url("\{0,1\}assets/[^")]*' govuk-frontend.min.css | sed -e 's|^url("\{0,1\}assets/||' | sort -u |
  while read -r asset; do
    case "$asset" in fonts/*) echo "build_frontend: CSS refers to a font ($asset)" >&2; exit 1 ;; esac
    mkdir -p "$OUT/assets/$(dirname "$asset")"
    cp "$PKG/dist/govuk/assets/$asset" "$OUT/assets/$asset"
  done

cat > "$OUT/VERSION" <<EOF
govuk-frontend $GOVUK_FRONTEND_VERSION (npm), compiled with sass $SASS_VERSION by scripts/build_frontend.sh.
Font: \$govuk-font-family: arial, sans-serif; \$govuk-include-default-font-face: false (no GDS Transport).
Licence: MIT (GOV.UK Frontend), see https://github.com/alphagov/govuk-frontend/blob/main/LICENSE.txt
EOF

echo "build_frontend: done"
find "$OUT" -type f -printf '  %P  %s bytes\n' | sort
