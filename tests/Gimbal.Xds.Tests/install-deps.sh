#!/usr/bin/env bash
# Installs the real proxyless gRPC xDS client (@grpc/grpc-js-xds) the end-to-end tests drive.
set -euo pipefail
cd "$(dirname "$0")/node"
if [ -f node_modules/.package-lock.json ] && cmp -s package-lock.json node_modules/.gimbal-lock; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json node_modules/.gimbal-lock
