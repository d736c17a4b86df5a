#!/usr/bin/env bash
# Packages a built Linux desktop binary (build/bin/herald, stamped with the
# same version) as a .deb and a .tar.gz in the folder given (default dist/).
#   linux.sh BINARY [OUT]
# DEB_MAINTAINER names the package's maintainer ("Name <address>").
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=$(realpath "${1:?usage: linux.sh BINARY [OUT]}")
out=$(realpath -m "${2:-dist}")
deb_version=$(scripts/version.sh deb)
file=$(scripts/version.sh file)
maintainer=${DEB_MAINTAINER:-Herald maintainers <herald@example.org>}
stamped=$("$bin" version)
[ "$stamped" = "herald $(scripts/version.sh app)" ] ||
  { echo "linux.sh: $bin says '$stamped', not version $(scripts/version.sh app): build it again" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$out" "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/doc/herald" "$root/usr/share/man/man1"

install -m 0755 "$bin" "$root/usr/bin/herald"
install -m 0644 build/linux/herald.desktop "$root/usr/share/applications/herald.desktop"
for icon in build/linux/icons/herald-*.png; do
  size=${icon##*-}; size=${size%.png}
  install -D -m 0644 "$icon" "$root/usr/share/icons/hicolor/${size}x${size}/apps/herald.png"
done
install -m 0644 build/linux/copyright "$root/usr/share/doc/herald/copyright"
# Debian wants gzip -n: no name or time in the header, so builds repeat.
sed -e "s/@VERSION@/$deb_version/g" -e "s/@MAINTAINER@/$maintainer/" \
  -e "s/@DATE@/$(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")/" build/linux/changelog |
  gzip -9n > "$root/usr/share/doc/herald/changelog.gz"
gzip -9n < build/linux/herald.1 > "$root/usr/share/man/man1/herald.1.gz"

# The shared libraries the binary links, as the packages that provide them
# (GTK 3, WebKitGTK 4.1, glibc), with the versions it needs.
mkdir -p "$work/shlibs/debian"
printf 'Source: herald\n\nPackage: herald\nArchitecture: amd64\n' > "$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O -e "$root/usr/bin/herald" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "linux.sh: dpkg-shlibdeps found no dependencies for $bin" >&2; exit 1; }
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$deb_version/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
  -e "s/@MAINTAINER@/$maintainer/" build/linux/control > "$root/DEBIAN/control"

deb="$out/herald_${deb_version}_amd64.deb"
rm -f "$deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null

# The tarball: the same program for any distribution, unpacked anywhere.
tar_dir="$work/Herald-$file-linux-amd64"
mkdir -p "$tar_dir"
install -m 0755 "$bin" "$tar_dir/herald"
install -m 0644 build/linux/herald.desktop build/linux/icons/herald-256.png "$tar_dir/"
mv "$tar_dir/herald-256.png" "$tar_dir/herald.png"
sed "s/@VERSION@/$(scripts/version.sh app)/" build/linux/README.txt > "$tar_dir/README.txt"
tarball="$out/Herald-$file-linux-amd64.tar.gz"
tar -C "$work" --owner=0 --group=0 --numeric-owner -czf "$tarball" "$(basename "$tar_dir")"
echo "$deb"
echo "$tarball"
