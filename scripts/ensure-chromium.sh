#!/bin/sh
# The web tests drive Debian's Chromium (playwright-core cannot download a browser here), and the
# Chinese pages need a CJK font or they render as empty boxes. Installs what is missing with apt-get
# where we may (root); otherwise says what to do.
set -eu
browser=${CHROMIUM_PATH:-/usr/bin/chromium}
need=""  # each name with a space before it
[ -x "$browser" ] || need=" chromium"
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then need="$need fonts-noto-cjk"; fi
[ -n "$need" ] || exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[ensure-chromium] installing$need for the browser tests" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >&2
  exit 0
fi
echo "[ensure-chromium] the browser tests need:$need. Install it (sudo apt-get install$need), or set CHROMIUM_PATH to a Chromium" >&2
exit 1
