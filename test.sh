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
dotnet test Gimbal.sln -c Release --no-build -m:1 --logger "console;verbosity=normal" "$@"
