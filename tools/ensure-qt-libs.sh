#!/usr/bin/env bash
# Qt's wheel (PySide6-Essentials) links against a few system libraries that a bare
# Debian machine may lack. Install the missing ones from Debian's packages when we
# can (root with apt-get); otherwise say exactly what is missing and stop.
set -eu
declare -A pkg_for=(
  [libGL.so.1]=libgl1 [libEGL.so.1]=libegl1 [libxkbcommon.so.0]=libxkbcommon0
  [libfontconfig.so.1]=libfontconfig1 [libfreetype.so.6]=libfreetype6
  [libdbus-1.so.3]=libdbus-1-3 [libglib-2.0.so.0]=libglib2.0-0 [libX11.so.6]=libx11-6
)
missing=()
for lib in "${!pkg_for[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("${pkg_for[$lib]}")
done
# Without any font, offscreen screenshots come out blank.
if ! ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 && ! fc-list 2>/dev/null | grep -q .; then
  missing+=(fonts-dejavu-core)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system libraries Qt needs: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Qt needs these Debian packages, which are missing: ${missing[*]}" >&2
  echo "Install them (sudo apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi
