import { defineConfig } from 'vitest/config';

// Three projects, one command: pure unit tests (no servers), integration tests against real
// Redis/Orthanc started by test/services, and end-to-end tests. Service-backed projects run
// their files one at a time so two suites never fight over CPU on a 2-core machine.
export default defineConfig({
  test: {
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
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
