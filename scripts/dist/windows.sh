#!/usr/bin/env bash
# Builds Herald for Windows x64 on Linux (a Windows build needs no cgo):
# herald.exe with its icon, manifest and version resources, the portable zip,
# and the per-user NSIS installer, all into the folder given (default dist/).
# With WINDOWS_CERT_PFX (a .pfx file) and WINDOWS_CERT_PASSWORD_FILE set,
# herald.exe and the installer are Authenticode-signed with osslsigncode.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=$(realpath -m "${1:-dist}")
app=$(scripts/version.sh app)
numeric=$(scripts/version.sh numeric)
file=$(scripts/version.sh file)
for tool in makensis 7zz; do
  command -v "$tool" >/dev/null || { echo "windows.sh: $tool is missing (make dist installs it)" >&2; exit 1; }
done

sign() { # file: signs it in place when a certificate is given
  [ -n "${WINDOWS_CERT_PFX:-}" ] || return 0
  # A timestamp keeps the signature valid after the certificate expires;
  # WINDOWS_TIMESTAMP_URL="" signs without one (no network).
  local url=${WINDOWS_TIMESTAMP_URL-http://timestamp.digicert.com} ts=()
  [ -z "$url" ] || ts=(-ts "$url")
  osslsigncode sign -pkcs12 "$WINDOWS_CERT_PFX" -readpass "${WINDOWS_CERT_PASSWORD_FILE:?}" -h sha256 \
    -n Herald "${ts[@]}" -in "$1" -out "$1.signed"
  mv "$1.signed" "$1"
}

work=$(mktemp -d)
trap 'rm -rf "$work" rsrc_windows_amd64.syso' EXIT
mkdir -p "$out" "$work/zip"

# The .syso beside main.go is how go build links Windows resources; the
# _windows_amd64 suffix keeps it out of every other build.
go run github.com/tc-hib/go-winres@v0.3.3 make --in build/windows/winres.json \
  --arch amd64 --out rsrc --product-version "$app" --file-version "$numeric"
# -w -s also because Go >= 1.25 Windows binaries with DWARF 5 can fail to
# start (golang/go#75077); -H windowsgui: no console window behind the app.
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -trimpath -tags desktop,production \
  -ldflags "-w -s -H windowsgui -X main.version=$app" -o "$work/zip/herald.exe" .
sign "$work/zip/herald.exe"

# Windows' Notepad reads CRLF; the text is the same as the installed one.
sed -e "s/@VERSION@/$app/g" -e 's/$/\r/' build/windows/README.txt > "$work/zip/README.txt"

zip="$out/Herald-$file-windows-amd64.zip"
rm -f "$zip"
(cd "$work/zip" && 7zz a -tzip -mx=9 -bso0 -bsp0 "$zip" herald.exe README.txt)

setup="$out/Herald-$file-windows-amd64-setup.exe"
rm -f "$setup"
makensis -V2 -DVERSION="$app" -DVERSION_NUMERIC="$numeric" -DEXE="$work/zip/herald.exe" \
  -DREADME="$work/zip/README.txt" -DOUTFILE="$setup" build/windows/installer/herald.nsi
# makensis can fail quietly enough to miss; the installer is the point.
[ -s "$setup" ] || { echo "windows.sh: no installer was written to $setup" >&2; exit 1; }
sign "$setup"
echo "$setup"
echo "$zip"
