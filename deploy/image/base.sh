#!/bin/sh
# The image's base root filesystem as a tar: Debian (bookworm) with openjdk-17-jre-headless and its dependencies,
# nothing else (no apt, no shell beyond dash/bash of Debian's essential set), built by mmdebstrap without a
# container daemon. Documentation, manual pages, info pages and translations are left out; every package's
# copyright file stays. User and group 185 (the chart's runAsUser/runAsGroup) own nothing: the operator's files
# are root's and read-only to it.
#
#   deploy/image/base.sh OUT.tar
#
# OUT.tar is rebuilt only when this script changed since it was written (OUT.tar.key); delete it (or `make clean`)
# to pick up Debian's latest security updates. SOURCE_DATE_EPOCH dates what mmdebstrap writes.
set -eu
out="$1"
suite="${DEBIAN_SUITE:-bookworm}"
key="$(cat "$0" | sha256sum | cut -d' ' -f1) $suite"
if [ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
  echo "image: base $out is up to date (delete it to rebuild with Debian's latest packages)"
  exit 0
fi
mkdir -p "$(dirname "$out")"
rm -f "$out" "$out.key"
echo "image: building the base root filesystem with mmdebstrap ($suite, openjdk-17-jre-headless)"
mmdebstrap --quiet --format=tar --variant=essential --include=openjdk-17-jre-headless \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='rm -f "$1/etc/hostname" "$1/etc/resolv.conf"' \
  --customize-hook='echo "rootaccess:x:185:185:root-access-operator:/deployments:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "rootaccess:x:185:" >> "$1/etc/group"' \
  --customize-hook='test -s "$1/etc/ssl/certs/java/cacerts"' \
  "$suite" "$out.tmp"
mv "$out.tmp" "$out"
echo "$key" > "$out.key"
