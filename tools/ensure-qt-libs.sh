#!/usr/bin/env bash
# Qt's wheel (PySide6-Essentials) links against system libraries that a bare Debian machine may
# lack. Install the missing ones from Debian's packages when we can (root with apt-get);
# otherwise say exactly what is missing and stop.
#   tools/ensure-qt-libs.sh            what every platform needs (the tests run offscreen)
#   tools/ensure-qt-libs.sh --display  also what a window on an X11 display needs (make run)
set -eu
declare -A pkg_for=(
  [libGL.so.1]=libgl1 [libEGL.so.1]=libegl1 [libxkbcommon.so.0]=libxkbcommon0
  [libfontconfig.so.1]=libfontconfig1 [libfreetype.so.6]=libfreetype6
  [libdbus-1.so.3]=libdbus-1-3 [libglib-2.0.so.0]=libglib2.0-0 [libX11.so.6]=libx11-6
)
if [ "${1:-}" = "--display" ]; then
  # The xcb platform plugin (Qt 6.5+ also needs libxcb-cursor).
  pkg_for+=(
    [libxcb-cursor.so.0]=libxcb-cursor0 [libxcb-icccm.so.4]=libxcb-icccm4 [libxcb-keysyms.so.1]=libxcb-keysyms1
    [libxcb-image.so.0]=libxcb-image0 [libxcb-randr.so.0]=libxcb-randr0 [libxcb-render-util.so.0]=libxcb-render-util0
    [libxcb-shape.so.0]=libxcb-shape0 [libxcb-xkb.so.1]=libxcb-xkb1 [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
    [libX11-xcb.so.1]=libx11-xcb1 [libxcb-xfixes.so.0]=libxcb-xfixes0 [libxcb-sync.so.1]=libxcb-sync1
    [libxcb-shm.so.0]=libxcb-shm0 [libxcb-util.so.1]=libxcb-util1
  )
fi
missing=()
for lib in "${!pkg_for[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("${pkg_for[$lib]}")
done
# Without any font, windows and screenshots come out with no text.
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
