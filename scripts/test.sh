#!/usr/bin/env bash
# The README's test command: setup, lint, type check, then every test (unit, integration against
# real Redis + Orthanc, end-to-end). Ends with a plain "N passed, N failed" line and fails if any
# server we started is still running afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

bash scripts/setup.sh
echo "== lint"
npx biome check .
echo "== type check"
npx tsc --noEmit -p tsconfig.json
echo "== tests"
mkdir -p .tmp
# Every server the harness starts for this run carries this tag in its command line.
export HER2_TEST_RUN="run$$"
# PixelMed's TID 1500 validation of our SR takes 1-2 minutes; the full suite runs it.
export HER2_PIXELMED=1
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest-results.json || status=$?

node -e '
  const r = JSON.parse(require("fs").readFileSync(".tmp/vitest-results.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  // A file that fails outside any test (e.g. in beforeAll) counts no failed test: name it apart.
  const files = r.numFailedTestSuites > 0 ? `, ${r.numFailedTestSuites} failed suites` : "";
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped${files}`);
' || true

# No synthetic canary identifier in any log line a test captured (vitest's global setup fails the
# run on a hit too; this prints the figure and keeps the script's status honest).
npx tsx test/support/log-scan.ts || status=1

# Every server the harness started for this run has "her2-services-$HER2_TEST_RUN-" in its command line.
if pgrep -f "her2-services-$HER2_TEST_RUN-" >/dev/null; then
  echo "test: servers left running after the tests:" >&2
  pgrep -af "her2-services-$HER2_TEST_RUN-" >&2
  status=1
fi
echo "test: finished in $(( $(date +%s) - started )) s"
exit $status
