#!/usr/bin/env bash
# Prints the size of each package in dist/ and of the programs inside them,
# then what makes up the program: its symbols' sizes summed by Go module,
# from a build with the symbols kept (the shipped ones have none).
#   sizes.sh [DIST]        (make dist first; BENCHMARKS.md holds the figures)
set -euo pipefail
cd "$(dirname "$0")/../.."
dist=${1:-dist}
file=$(scripts/version.sh file)

mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
size() { stat -c %s "$1"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| file | size |"
echo "|---|---|"
for f in "$dist/Herald-$file-windows-amd64-setup.exe" "$dist/Herald-$file-windows-amd64.zip" \
  "$dist"/herald_*"$(scripts/version.sh deb)"_amd64.deb "$dist/Herald-$file-linux-amd64.tar.gz" \
  "$dist/Herald-$file-macos-universal.dmg"; do
  [ -f "$f" ] && echo "| $(basename "$f") | $(mb "$(size "$f")") |"
done
7zz e -y -bso0 -o"$work" "$dist/Herald-$file-windows-amd64-setup.exe" herald.exe
echo "| herald.exe (Windows, in the installer) | $(mb "$(size "$work/herald.exe")") |"
dpkg-deb -x "$dist"/herald_"$(scripts/version.sh deb)"_amd64.deb "$work/deb"
echo "| herald (Linux, in the .deb) | $(mb "$(size "$work/deb/usr/bin/herald")") |"
echo "| frontend/dist (embedded in both) | $(mb "$(du -sb frontend/dist | cut -f1)") |"

# Symbols by module: the standard library, Herald, and each dependency, from
# the Linux build with its symbols kept (the same Go code as the Windows
# one); what lies in the zero-filled sections (bss) takes no room in the file.
go build -trimpath -tags desktop,production,webkit2_41 -o "$work/full" .
echo
go run ./scripts/dist/symsize "$work/full"
