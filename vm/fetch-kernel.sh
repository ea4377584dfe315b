#!/bin/bash
# Fetches one of the test VM's kernels (or busybox-static) from Debian's archive
# with apt, through a private configuration: its own sources list, state and
# package cache under the kernel's cache directory, so the machine's sources,
# pinning and package state play no part and nothing is installed. The package
# is downloaded (apt-get download) and unpacked (dpkg-deb -x).
#
# Usage: vm/fetch-kernel.sh SERIES      5.10, 6.1 or 6.12 (vm/kernels.sh)
#        vm/fetch-kernel.sh --busybox   busybox-static of Debian 12, for the initramfs
# Result: $ISOTP_VM_CACHE/kernels/SERIES/{kernel/, kernel.version, vmlinuz}
#   (or kernels/busybox/). Idempotent: a package of the same version is kept.
#   The package lists are refreshed when older than 6 hours; if that fails
#   (no network) and the kernel is cached, the cached one is used.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/kernels.sh"
say() { echo "vm/fetch-kernel.sh: $*"; }
LISTS_MAX_AGE_MIN=360

case "${1:-}" in
  --busybox) NAME=busybox; SUITES=$(kernel_suites "$ISOTP_VM_DEFAULT_KERNEL"); DIR=$ISOTP_VM_CACHE_DIR/kernels/busybox ;;
  "") sed -n '/^# Usage/,/^# Result/p' "$0" >&2; exit 2 ;;
  *) check_kernel "$1" || exit 2; NAME="kernel $1"; SUITES=$(kernel_suites "$1"); DIR=$(kernel_dir "$1") ;;
esac
APTDIR=$DIR.apt
mkdir -p "$APTDIR"/{state/lists/partial,cache/archives/partial,parts,preferences.d}
# One fetch of a directory at a time (several worktrees may prepare the VM at once).
exec 9>"$APTDIR/lock"
flock 9

: > "$APTDIR/sources.list.new"
for s in $SUITES; do
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/${s%%/*} ${s#*/} main" \
    >> "$APTDIR/sources.list.new"
done
mv "$APTDIR/sources.list.new" "$APTDIR/sources.list"
APT_OPTS=(-o "Dir::Etc::SourceList=$APTDIR/sources.list" -o "Dir::Etc::SourceParts=$APTDIR/parts"
  -o "Dir::Etc::Preferences=$APTDIR/preferences" -o "Dir::Etc::PreferencesParts=$APTDIR/preferences.d"
  -o "Dir::State=$APTDIR/state" -o "Dir::State::status=$APTDIR/state/status" -o "Dir::Cache=$APTDIR/cache"
  -o "APT::Get::List-Cleanup=true")
touch "$APTDIR/state/status"
# apt drops to its _apt user for downloads, which cannot write a root-owned private directory.
[ "$(id -u)" = 0 ] && APT_OPTS+=(-o APT::Sandbox::User=root)

stamp=$APTDIR/lists-updated
if [ -z "$(find "$stamp" -mmin -$LISTS_MAX_AGE_MIN 2>/dev/null)" ]; then
  say "$NAME: updating the package lists of $SUITES"
  if apt-get "${APT_OPTS[@]}" update 2>&1 | sed 's/^/  /'; [ "${PIPESTATUS[0]}" = 0 ]; then
    touch "$stamp"
  elif [ -s "$DIR.version" ] && [ -d "$DIR" ]; then
    say "$NAME: could not update the package lists; using the cached $(cat "$DIR.version")" >&2
    exit 0
  else
    say "$NAME: could not update the package lists of $SUITES" >&2; exit 1
  fi
fi

if [ "$NAME" = busybox ]; then
  PKG=busybox-static
else
  # linux-image-amd64 depends on the current ABI's package, e.g. linux-image-5.10.0-46-amd64.
  PKG=$(apt-cache "${APT_OPTS[@]}" depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  [ -n "$PKG" ] || { say "$NAME: no kernel package behind linux-image-amd64 in $SUITES" >&2; exit 1; }
fi
VER=$(apt-cache "${APT_OPTS[@]}" policy "$PKG" | awk '/Candidate:/{print $2}')
[ -n "$VER" ] && [ "$VER" != "(none)" ] || { say "$NAME: no candidate version of $PKG in $SUITES" >&2; exit 1; }
if [ "$(cat "$DIR.version" 2>/dev/null)" = "$PKG=$VER" ] && [ -d "$DIR" ]; then
  say "$NAME: $PKG $VER already unpacked in $DIR"
  exit 0
fi

say "$NAME: downloading $PKG $VER"
tmp=$(mktemp -d "$APTDIR/download.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get "${APT_OPTS[@]}" download "$PKG=$VER" 2>&1 | sed 's/^/  /'; exit "${PIPESTATUS[0]}")
rm -rf "$DIR" "$DIR.version"
dpkg-deb -x "$tmp"/*.deb "$DIR.new"
mv "$DIR.new" "$DIR"
echo "$PKG=$VER" > "$DIR.version"
if [ "$NAME" != busybox ]; then
  vmlinuz=$(ls "$DIR"/boot/vmlinuz-* | head -1)
  [ -f "$vmlinuz" ] || { say "$NAME: $PKG has no boot/vmlinuz-*" >&2; exit 1; }
  ls "$DIR"/lib/modules/*/kernel/net/can/can-isotp.ko* >/dev/null 2>&1 \
    || { say "$NAME: $PKG ships no can-isotp.ko" >&2; exit 1; }
fi
say "$NAME: unpacked into $DIR ($(du -sm "$DIR" | cut -f1) MiB)"
