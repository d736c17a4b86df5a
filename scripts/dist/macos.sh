#!/usr/bin/env bash
# Builds Herald for macOS: build/bin/Herald.app, one universal binary for
# Apple silicon and Intel, and dist/Herald-<version>-macos-universal.dmg.
# Runs on a Mac with Xcode's command line tools, Go and the built frontend
# (`make dist-macos` builds the frontend first).
#
# The app is two `go build`s (arm64, amd64) joined with lipo, laid out by
# hand: Contents/MacOS/herald, Contents/Info.plist (build/darwin/Info.plist
# with the version from scripts/version.sh), Contents/Resources/iconfile.icns
# (build/appicon.png through sips and iconutil).
#
# Signing, all optional:
#   APPLE_SIGNING_IDENTITY   a "Developer ID Application: …" identity in the
#                            keychain; without it the app is signed ad hoc,
#                            which Apple silicon needs to run it at all
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD (an app-specific password)
#                            notarise the dmg and staple the ticket to it;
#                            needs APPLE_SIGNING_IDENTITY
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(uname -s)" != Darwin ]; then
  echo "macos.sh builds Herald.app and its dmg, which needs a Mac (Xcode's cgo toolchain, lipo, codesign, hdiutil); this is $(uname -s)." >&2
  exit 1
fi
if [ ! -f frontend/dist/index.html ]; then
  echo "macos.sh: the frontend is not built (frontend/dist/index.html): run 'make dist-macos', or 'make frontend' first." >&2
  exit 1
fi

# Notarise with all three Apple ID variables, or none: some but not all is a
# mistake in the secrets, better caught before a long build.
notary_set=0
for var in APPLE_ID APPLE_TEAM_ID APPLE_APP_PASSWORD; do
  if [ -n "${!var:-}" ]; then notary_set=$((notary_set + 1)); fi
done
notarise=no
if [ "$notary_set" != 0 ]; then
  if [ "$notary_set" != 3 ] || [ -z "${APPLE_SIGNING_IDENTITY:-}" ]; then
    echo "macos.sh: notarising needs all of APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD and APPLE_SIGNING_IDENTITY; some are missing." >&2
    exit 1
  fi
  notarise=yes
fi

version=$(scripts/version.sh app)
numeric=$(scripts/version.sh numeric)
file_version=$(scripts/version.sh file)
plist=build/darwin/Info.plist
app=build/bin/Herald.app
dmg=dist/Herald-$file_version-macos-universal.dmg

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Compile for the oldest macOS the Info.plist promises. CGO_LDFLAGS: Wails'
# file dialogs use UTType, and cgo does not link its framework; `wails build`
# adds the same flag (pkg/commands/build/base.go in wails v2.16.0).
export CGO_ENABLED=1
MACOSX_DEPLOYMENT_TARGET=$(plutil -extract LSMinimumSystemVersion raw "$plist")
export MACOSX_DEPLOYMENT_TARGET
export CGO_LDFLAGS="${CGO_LDFLAGS:+$CGO_LDFLAGS }-framework UniformTypeIdentifiers"

echo "Building Herald $version for macOS $MACOSX_DEPLOYMENT_TARGET or later (arm64, amd64)…"
for arch in arm64 amd64; do
  GOOS=darwin GOARCH=$arch go build -trimpath -tags desktop,production \
    -ldflags "-w -s -X main.version=$version" -o "$work/herald-$arch" .
done

rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
lipo -create -output "$app/Contents/MacOS/herald" "$work/herald-arm64" "$work/herald-amd64"
lipo "$app/Contents/MacOS/herald" -verify_arch arm64 x86_64

cp "$plist" "$app/Contents/Info.plist"
plutil -replace CFBundleShortVersionString -string "$numeric" "$app/Contents/Info.plist"
plutil -replace CFBundleVersion -string "$numeric" "$app/Contents/Info.plist"
plutil -lint "$app/Contents/Info.plist" >/dev/null

# An .iconset holds each size at 1x and 2x; sips scales the one PNG to each.
iconset=$work/iconfile.iconset
mkdir "$iconset"
for size in 16 32 128 256 512; do
  sips -z "$size" "$size" build/appicon.png --out "$iconset/icon_${size}x${size}.png" >/dev/null
  sips -z $((size * 2)) $((size * 2)) build/appicon.png --out "$iconset/icon_${size}x${size}@2x.png" >/dev/null
done
iconutil -c icns -o "$app/Contents/Resources/iconfile.icns" "$iconset"

# codesign refuses files with Finder info or other extended attributes.
xattr -cr "$app"
if [ -n "${APPLE_SIGNING_IDENTITY:-}" ]; then
  echo "Signing Herald.app as $APPLE_SIGNING_IDENTITY (hardened runtime)…"
  codesign --force --options runtime --timestamp --sign "$APPLE_SIGNING_IDENTITY" "$app"
else
  echo "APPLE_SIGNING_IDENTITY is not set: signing Herald.app ad hoc. It runs here and on Apple silicon, but Gatekeeper on other Macs will not open it without a right-click → Open."
  codesign --force --deep --sign - "$app"
fi
codesign --verify --deep --strict --verbose=2 "$app"

# The dmg: Herald.app beside a link to /Applications to drag it onto.
stage=$work/dmg
mkdir "$stage"
ditto "$app" "$stage/Herald.app"
ln -s /Applications "$stage/Applications"
mkdir -p dist
# hdiutil sometimes fails with "Resource busy" on CI runners while another
# process looks at the new image; a retry gets through.
for attempt in 1 2 3 4 5; do
  if hdiutil create -volname Herald -srcfolder "$stage" -ov -format UDZO "$dmg"; then break; fi
  if [ "$attempt" = 5 ]; then echo "macos.sh: hdiutil create failed 5 times" >&2; exit 1; fi
  echo "hdiutil create failed (attempt $attempt), retrying…"
  sleep $((attempt * 5))
done
if [ -n "${APPLE_SIGNING_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$APPLE_SIGNING_IDENTITY" "$dmg"
fi

if [ "$notarise" = no ]; then
  echo "APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD are not set: the dmg is not notarised."
else
  echo "Notarising $dmg (this waits for Apple, usually a few minutes)…"
  # notarytool exits 0 when Apple rejects the submission: read its status.
  result=$(xcrun notarytool submit "$dmg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
    --password "$APPLE_APP_PASSWORD" --wait --output-format json)
  echo "$result"
  if ! grep -q '"status" *: *"Accepted"' <<<"$result"; then
    id=$(sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' <<<"$result")
    echo "macos.sh: notarisation was not accepted; Apple's log follows." >&2
    if [ -n "$id" ]; then
      xcrun notarytool log "$id" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" >&2
    fi
    exit 1
  fi
  xcrun stapler staple "$dmg"
fi

echo "Built $app and $dmg"
