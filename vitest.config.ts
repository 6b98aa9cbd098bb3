import { defineConfig } from 'vitest/config';

// Three projects, one command: pure unit tests (no servers), integration tests against real
// Redis/Orthanc started by test/services, and end-to-end tests. Service-backed projects run
// their files one at a time so two suites never fight over CPU on a 2-core machine.
// Every log line a test captures is teed to .tmp/test-logs and scanned for the synthetic canary
// identifiers after the run (test/support/log-scan.ts).
export default defineConfig({
  test: {
    globalSetup: ['test/support/log-scan.global.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'workers/**/*.test.ts',
            'test/unit/**/*.test.ts',
            'test/hardening/**/*.test.ts',
          ],
          testTimeout: 60_000,
          setupFiles: ['test/support/log-capture.setup.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          setupFiles: ['test/support/log-capture.setup.ts'],
        },
      },
    ],
  },
});
