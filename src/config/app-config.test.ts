import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';

const valid = { HER2_ORTHANC_USERNAME: 'her2', HER2_ORTHANC_PASSWORD: 's3cret-value' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies defaults and converts types', () => {
    const config = loadConfig(valid);
    expect(config.orthancUrl).toBe('http://127.0.0.1:8042');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.workerConcurrency).toBe(1);
    expect(config.logLevel).toBe('info');
    expect(config.logSalt).toBeUndefined();
  });

  it('names a missing Orthanc password in one line', () => {
    const problems = problemsOf({ HER2_ORTHANC_USERNAME: 'her2' });
    expect(problems).toEqual(['HER2_ORTHANC_PASSWORD is required (Orthanc HTTP password)']);
  });

  it('names a malformed Redis URL without echoing it', () => {
    const problems = problemsOf({ ...valid, HER2_REDIS_URL: 'http://user:pw@localhost:6379' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^HER2_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(problems[0]).not.toContain('pw@');
  });

  it('lists every bad setting, one line each', () => {
    const problems = problemsOf({ HER2_WORKER_CONCURRENCY: '0', HER2_LOG_LEVEL: 'verbose' });
    expect(problems).toEqual([
      'HER2_ORTHANC_USERNAME is required (Orthanc HTTP user)',
      'HER2_ORTHANC_PASSWORD is required (Orthanc HTTP password)',
      'HER2_WORKER_CONCURRENCY must be a whole number from 1 to 64',
      'HER2_LOG_LEVEL must be one of debug, info, warn, error',
    ]);
  });

  it('refuses credentials inside the Orthanc URL and colons in queue names', () => {
    expect(problemsOf({ ...valid, HER2_ORTHANC_URL: 'http://a:b@pacs:8042' })[0]).toMatch(
      /^HER2_ORTHANC_URL/,
    );
    expect(problemsOf({ ...valid, HER2_ANALYSIS_QUEUE: 'her2:analysis' })[0]).toMatch(/^HER2_ANALYSIS_QUEUE/);
  });
});
