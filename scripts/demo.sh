#!/usr/bin/env bash
# The README's demo command: setup, then the end-to-end demo on built-in synthetic data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tsx src/cli/main.ts demo "$@"
