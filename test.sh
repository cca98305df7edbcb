#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine: first installs what the tests need
# (each test project that needs something outside .NET has an install-deps.sh), then dotnet test.
set -euo pipefail
cd "$(dirname "$0")"

for deps in tests/*/install-deps.sh; do
  [ -f "$deps" ] || continue
  echo "== $deps"
  bash "$deps"
done

# One test project at a time (-m:1): the suites start real servers and streams, and on a 2-core
# machine running them side by side only trades speed for timeouts.
dotnet build Gimbal.sln -c Release

# The console log is long; a failure's name is repeated at the very end so it is seen in a tail.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Gimbal.sln -c Release --no-build -m:1 --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo "== test run failed (exit $status); failed tests and errors:"
  grep -A 12 -E '^\s+Failed |Test Run Aborted|active test run was aborted' "$log" | head -n 120 || true
fi
exit "$status"
