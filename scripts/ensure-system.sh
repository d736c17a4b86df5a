#!/usr/bin/env bash
# Installs the system packages Herald's build and tests need, when missing,
# on Debian/Ubuntu. Each argument is a need: gtk (desktop build headers),
# xvfb (a virtual display), chromium (browser tests), imagemagick (screenshots),
# packaging (make dist: NSIS, 7-Zip, lintian, dpkg-shlibdeps).
set -euo pipefail

missing=()
for need in "$@"; do
  case "$need" in
    gtk)
      pkg-config --exists webkit2gtk-4.1 gtk+-3.0 2>/dev/null || missing+=(libgtk-3-dev libwebkit2gtk-4.1-dev pkg-config fonts-dejavu-core) ;;
    xvfb)
      command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
      # A private session bus: Wails' single-instance lock on Linux is D-Bus.
      { command -v dbus-daemon && command -v dbus-send; } >/dev/null 2>&1 || missing+=(dbus) ;;
    chromium)
      command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-dejavu-core) ;;
    imagemagick)
      command -v import >/dev/null 2>&1 || missing+=(imagemagick) ;;
    packaging)
      command -v makensis >/dev/null 2>&1 || missing+=(nsis)
      command -v 7zz >/dev/null 2>&1 || missing+=(7zip)
      command -v lintian >/dev/null 2>&1 || missing+=(lintian)
      command -v dpkg-shlibdeps >/dev/null 2>&1 || missing+=(dpkg-dev) ;;
    *) echo "ensure-system: unknown need $need" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Herald needs these packages, and this system has no apt-get to install them: ${missing[*]}" >&2
  exit 1
fi
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing ${missing[*]} (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
