import { z } from 'zod';
import { AppError } from '../errors/index.js';

/**
 * The application's configuration, read from an environment (entry points pass `process.env`).
 * Every setting is an `HER2_*` variable; `describeSettings()` feeds the README table and the
 * plugin manifest, so the three cannot drift apart.
 */

const logLevels = ['debug', 'info', 'warn', 'error'] as const;

function httpUrl(setting: string) {
  return z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return (
          (url.protocol === 'http:' || url.protocol === 'https:') &&
          url.username === '' &&
          url.password === ''
        );
      } catch {
        return false;
      }
    },
    { message: `${setting} must be an http(s) URL without credentials in it, e.g. http://127.0.0.1:8042` },
  );
}

function redisUrl(setting: string) {
  return z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: `${setting} must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379` },
  );
}

function integer(setting: string, min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, { message: `${setting} must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, {
      message: `${setting} must be a whole number from ${min} to ${max}`,
    });
}

interface SettingSpec {
  env: string;
  description: string;
  default?: string;
  secret?: boolean;
  schema: z.ZodType;
}

/** Every setting: environment variable, meaning, default, and how it is checked. */
export const SETTINGS = {
  orthancUrl: {
    env: 'HER2_ORTHANC_URL',
    description: "Orthanc's REST root (the DICOMweb root is <url>/dicom-web)",
    default: 'http://127.0.0.1:8042',
    schema: httpUrl('HER2_ORTHANC_URL'),
  },
  orthancUsername: {
    env: 'HER2_ORTHANC_USERNAME',
    description: 'Orthanc HTTP user',
    schema: z.string().min(1, { message: 'HER2_ORTHANC_USERNAME is required (Orthanc HTTP user)' }),
  },
  orthancPassword: {
    env: 'HER2_ORTHANC_PASSWORD',
    description: 'Orthanc HTTP password',
    secret: true,
    schema: z.string().min(1, { message: 'HER2_ORTHANC_PASSWORD is required (Orthanc HTTP password)' }),
  },
  redisUrl: {
    env: 'HER2_REDIS_URL',
    description:
      'Redis holding the queues, the listener cursor and processed-input hashes (password in the URL)',
    default: 'redis://127.0.0.1:6379',
    secret: true,
    schema: redisUrl('HER2_REDIS_URL'),
  },
  queuePrefix: {
    env: 'HER2_QUEUE_PREFIX',
    description: 'prefix of every Redis key the queues use (several installations can share one Redis)',
    default: 'her2',
    schema: z.string().regex(/^[A-Za-z0-9_-]+$/, {
      message: 'HER2_QUEUE_PREFIX may contain only letters, digits, - and _',
    }),
  },
  analysisQueue: {
    env: 'HER2_ANALYSIS_QUEUE',
    description: 'name of the queue of study analyses',
    default: 'her2-analysis',
    schema: z.string().regex(/^[A-Za-z0-9_-]+$/, {
      message: 'HER2_ANALYSIS_QUEUE may contain only letters, digits, - and _ (BullMQ forbids :)',
    }),
  },
  workerConcurrency: {
    env: 'HER2_WORKER_CONCURRENCY',
    description: 'analyses one worker process runs at once',
    default: '1',
    schema: integer('HER2_WORKER_CONCURRENCY', 1, 64),
  },
  modelPath: {
    env: 'HER2_MODEL_PATH',
    description: 'model artifact (JSON) the workers run',
    default: 'models/demo-model.json',
    schema: z.string().min(1, { message: 'HER2_MODEL_PATH must not be empty' }),
  },
  logLevel: {
    env: 'HER2_LOG_LEVEL',
    description: 'lowest level written to the log: debug, info, warn or error',
    default: 'info',
    schema: z.enum(logLevels, { message: 'HER2_LOG_LEVEL must be one of debug, info, warn, error' }),
  },
  logSalt: {
    env: 'HER2_LOG_SALT',
    description:
      'secret salt of the study keys in logs (set the same value on every process to correlate them; random per process when unset)',
    secret: true,
    schema: z.string().min(16, { message: 'HER2_LOG_SALT must be at least 16 characters' }).optional(),
  },
} satisfies Record<string, SettingSpec>;

type Settings = typeof SETTINGS;
export type AppConfig = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

export class ConfigError extends AppError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('config_invalid', problems.join('\n'), { details: { problems } });
    this.problems = problems;
  }
}

/**
 * Reads and checks every setting. Fails with one line per bad setting, each naming its
 * variable; values of secret settings never appear in messages.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS) as [string, SettingSpec][]) {
    const raw = env[spec.env];
    const value = raw === undefined || raw === '' ? spec.default : raw;
    const result = spec.schema.safeParse(value);
    if (result.success) {
      config[key] = result.data;
    } else {
      const message = result.error.issues[0]?.message;
      problems.push(
        value === undefined
          ? `${spec.env} is required (${spec.description})`
          : (message ?? `${spec.env} is invalid`),
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as AppConfig;
}

/** The settings as rows (for the README table, `her2 config`, the plugin manifest). */
export function describeSettings(): {
  key: keyof AppConfig;
  env: string;
  description: string;
  default: string | null;
  required: boolean;
  secret: boolean;
}[] {
  return (Object.entries(SETTINGS) as [keyof AppConfig, SettingSpec][]).map(([key, s]) => ({
    key,
    env: s.env,
    description: s.description,
    default: s.default ?? null,
    required: s.default === undefined && !s.schema.safeParse(undefined).success,
    secret: s.secret ?? false,
  }));
}
