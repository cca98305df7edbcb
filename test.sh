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

dotnet test Gimbal.sln -c Release --logger "console;verbosity=normal" "$@"
