#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (test/browser).
# Playwright drives it through playwright-core; never `npx playwright install`, which
# downloads a browser build of its own. Run by .ci/run before `npm test`.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "== chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi

fail() {
  echo "== chromium: $1" >&2
  # In CI a missing browser must fail the run, not quietly skip the browser tests.
  if [ "${CI:-}" = "true" ]; then exit 1; fi
  echo "== chromium: the browser tests will be skipped" >&2
  exit 0
}

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  fail "not installed, and installing it needs root (apt-get install chromium)"
fi

echo "== chromium: installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || fail "apt-get update failed"
$SUDO apt-get install -y -qq chromium >/dev/null || fail "apt-get install chromium failed"
[ -x /usr/bin/chromium ] || fail "installed, but /usr/bin/chromium is not there"
echo "== chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
