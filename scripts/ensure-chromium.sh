#!/bin/sh
# The web tests drive Debian's Chromium (playwright-core cannot download a browser here). Installs it
# with apt-get where it is missing and we may (root); otherwise says what to do.
set -eu
browser=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$browser" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[ensure-chromium] installing Debian's chromium for the browser tests" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  exit 0
fi
echo "[ensure-chromium] the browser tests need Chromium at $browser: install it (sudo apt-get install chromium) or set CHROMIUM_PATH" >&2
exit 1
