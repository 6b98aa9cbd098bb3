#!/usr/bin/env bash
# Brings a fresh Debian 12 + Node 20 machine to a state where the demo and the tests run:
# npm dependencies (npm ci, only when the lock file changed) and the Debian packages the
# services harness and the DICOM validators need (installed when root, otherwise named).
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "her2-radiomics needs Node.js 20 or later; found $(node --version)" >&2
  exit 1
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

npx tsx scripts/ensure-packages.ts
