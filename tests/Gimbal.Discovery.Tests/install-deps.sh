#!/bin/sh
# promtool (Debian package prometheus) checks the /metrics text in Host/DiscovererMetricsTests.
set -e
if command -v promtool >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
