#!/usr/bin/env bash
# Prints Herald's version in the form one consumer needs. There is one
# version: the git tag vX.Y.Z[-pre] on the commit being built, or else
# wails.json's productVersion plus the commit. HERALD_VERSION overrides both
# (a release built outside git, or a test that needs a higher version).
#
#   version.sh app      0.2.0, 1.2.3-rc.1, 0.2.0+3f2a1c9 (herald version, About)
#   version.sh deb      0.2.0, 1.2.3~rc.1, 0.2.0~git3f2a1c9 (sorts before the release)
#   version.sh numeric  0.2.0 (Windows version resources: digits only)
#   version.sh file     0.2.0, 1.2.3-rc.1, 0.2.0-git3f2a1c9 (package file names)
#   version.sh next     0.2.1 (the release after this one: upgrade tests)
set -euo pipefail
cd "$(dirname "$0")/.."

form=${1:-app}

base() { # productVersion from wails.json, the one version kept in a file
  sed -n 's/.*"productVersion"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' wails.json | head -n 1
}

if [ -n "${HERALD_VERSION:-}" ]; then
  release=${HERALD_VERSION#v}; build=""
elif tag=$(git describe --tags --exact-match --match 'v[0-9]*' 2>/dev/null); then
  release=${tag#v}; build=""
else
  release=$(base)
  build=$(git rev-parse --short=7 HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then build="$build.dirty"; fi
fi

if ! [[ $release =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)(-([0-9A-Za-z.-]+))?$ ]]; then
  echo "version.sh: '$release' is not a version X.Y.Z or X.Y.Z-pre" >&2
  exit 1
fi
numeric="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.${BASH_REMATCH[3]}"
pre=${BASH_REMATCH[5]}

case "$form" in
  app)
    v=$release
    [ -n "$build" ] && v="$v+$build"
    echo "$v" ;;
  deb)
    # Debian sorts '~' before anything, so a pre-release or a build from an
    # untagged commit comes before the release it leads to.
    v=$numeric
    [ -n "$pre" ] && v="$v~${pre//-/.}"
    [ -n "$build" ] && v="$v~git${build//./+}"
    echo "$v" ;;
  numeric)
    echo "$numeric" ;;
  next)
    echo "${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.$((BASH_REMATCH[3] + 1))" ;;
  file)
    v=$release
    [ -n "$build" ] && v="$v-git${build//./-}"
    echo "$v" ;;
  *)
    echo "version.sh: unknown form $form (app, deb, numeric, file, next)" >&2
    exit 2 ;;
esac
