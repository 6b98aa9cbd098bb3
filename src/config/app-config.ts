import { z } from 'zod';
import type { InputLimits } from '../dicom/input-limits.js';
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

function flag(setting: string) {
  return z
    .enum(['true', 'false'], { message: `${setting} must be true or false` })
    .transform((v) => v === 'true');
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
  forwardDicomWebUrl: {
    env: 'HER2_FORWARD_DICOMWEB_URL',
    description:
      'DICOMweb root of a peer the SEG, SR and companion are also sent to (STOW-RS) after they are stored; unset: no forwarding',
    schema: httpUrl('HER2_FORWARD_DICOMWEB_URL').optional(),
  },
  forwardUsername: {
    env: 'HER2_FORWARD_USERNAME',
    description: 'HTTP user at the forwarding peer (with HER2_FORWARD_PASSWORD)',
    schema: z.string().min(1).optional(),
  },
  forwardPassword: {
    env: 'HER2_FORWARD_PASSWORD',
    description: 'HTTP password at the forwarding peer',
    secret: true,
    schema: z.string().min(1).optional(),
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
  extractionParams: {
    env: 'HER2_EXTRACTION_PARAMS',
    description:
      'radiomics extraction settings (PyRadiomics parameter file); the model must have been trained with the same',
    default: 'config/extraction.yaml',
    schema: z.string().min(1, { message: 'HER2_EXTRACTION_PARAMS must not be empty' }),
  },
  siteRules: {
    env: 'HER2_SITE_RULES',
    description:
      "site rules (YAML): how this site's series and mask segments are recognised, and which the model needs",
    default: 'config/site-rules.default.yaml',
    schema: z.string().min(1, { message: 'HER2_SITE_RULES must not be empty' }),
  },
  centre: {
    env: 'HER2_CENTRE',
    description:
      "this site's centre identifier as in the training table's centre column; read only by a model trained with ComBat harmonisation, which refuses an unset or unseen centre",
    schema: z.string().min(1, { message: 'HER2_CENTRE must not be empty when set' }).optional(),
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
  listenerPollMs: {
    env: 'HER2_LISTENER_POLL_MS',
    description: "milliseconds between two reads of Orthanc's change log by the listener",
    default: '2000',
    schema: integer('HER2_LISTENER_POLL_MS', 100, 600_000),
  },
  reconcileAfterSeconds: {
    env: 'HER2_RECONCILE_AFTER_SECONDS',
    description:
      'seconds after a study last received instances without a StableStudy (e.g. Orthanc restarted) before the listener checks it itself',
    default: '300',
    schema: integer('HER2_RECONCILE_AFTER_SECONDS', 1, 604_800),
  },
  studyMaxWaitSeconds: {
    env: 'HER2_STUDY_MAX_WAIT_SECONDS',
    description:
      'seconds a study still missing a required series or mask is waited for after it first arrived; then it is skipped with its reason',
    default: '3600',
    schema: integer('HER2_STUDY_MAX_WAIT_SECONDS', 0, 2_592_000),
  },
  jobAttempts: {
    env: 'HER2_JOB_ATTEMPTS',
    description:
      'tries of one analysis before it is kept as failed (transient faults only; bad input fails at once)',
    default: '5',
    schema: integer('HER2_JOB_ATTEMPTS', 1, 50),
  },
  jobBackoffMs: {
    env: 'HER2_JOB_BACKOFF_MS',
    description: 'first retry delay of an analysis in milliseconds; doubles with every further try',
    default: '10000',
    schema: integer('HER2_JOB_BACKOFF_MS', 10, 3_600_000),
  },
  lockDurationMs: {
    env: 'HER2_LOCK_DURATION_MS',
    description:
      'milliseconds a worker holds a job without renewing its lock; a job whose worker died is recovered after about this long',
    default: '60000',
    schema: integer('HER2_LOCK_DURATION_MS', 1000, 3_600_000),
  },
  maxInstanceMb: {
    env: 'HER2_MAX_INSTANCE_MB',
    description:
      'largest DICOM instance a worker parses, in MiB; a larger one fails the job with dicom_instance_too_large before it is read',
    default: '512',
    schema: integer('HER2_MAX_INSTANCE_MB', 1, 4096),
  },
  maxFramesPerInstance: {
    env: 'HER2_MAX_FRAMES_PER_INSTANCE',
    description:
      'largest NumberOfFrames of one instance (multi-frame MR, SEG); more fails with dicom_too_many_frames before pixels are decoded',
    default: '16384',
    schema: integer('HER2_MAX_FRAMES_PER_INSTANCE', 1, 1_000_000),
  },
  maxSeriesMegavoxels: {
    env: 'HER2_MAX_SERIES_MEGAVOXELS',
    description:
      'largest series in Mi voxels (Rows × Columns × frames over its instances; 8 bytes each once decoded); a larger one is left out with series_too_large',
    default: '64',
    schema: integer('HER2_MAX_SERIES_MEGAVOXELS', 1, 1024),
  },
  shadowMode: {
    env: 'HER2_SHADOW_MODE',
    description: 'compute and log results but never write anything to the PACS',
    default: 'false',
    schema: flag('HER2_SHADOW_MODE'),
  },
  writeStop: {
    env: 'HER2_WRITE_STOP',
    description:
      'emergency stop of every write to the PACS (analyses still run and are kept as failed with the reason)',
    default: 'false',
    schema: flag('HER2_WRITE_STOP'),
  },
  demoMode: {
    env: 'HER2_DEMO_MODE',
    description: 'allow a model flagged as a demo (trained on synthetic data) to run; never in clinical use',
    default: 'false',
    schema: flag('HER2_DEMO_MODE'),
  },
  opsPort: {
    env: 'HER2_OPS_PORT',
    description:
      'port of the operations server (health, metrics, queue dashboard, reprocess); 0 turns it off',
    default: '8080',
    schema: integer('HER2_OPS_PORT', 0, 65_535),
  },
  opsUsername: {
    env: 'HER2_OPS_USERNAME',
    description: 'user of the queue dashboard and reprocess endpoint (HTTP Basic); unset: those are refused',
    schema: z.string().min(1).optional(),
  },
  opsPassword: {
    env: 'HER2_OPS_PASSWORD',
    description: 'password of the queue dashboard and reprocess endpoint (at least 12 characters)',
    secret: true,
    schema: z.string().min(12, { message: 'HER2_OPS_PASSWORD must be at least 12 characters' }).optional(),
  },
  webhookSecret: {
    env: 'HER2_WEBHOOK_SECRET',
    description:
      "bearer secret Orthanc's Lua OnStableStudy script sends to the listener's webhook; unset: the webhook is off (polling only)",
    secret: true,
    schema: z.string().min(24, { message: 'HER2_WEBHOOK_SECRET must be at least 24 characters' }).optional(),
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

/** The DICOM input caps of the configuration, in the readers' units. */
export function inputLimitsOf(config: AppConfig): InputLimits {
  return {
    maxInstanceBytes: config.maxInstanceMb * 1024 * 1024,
    maxFramesPerInstance: config.maxFramesPerInstance,
    maxSeriesVoxels: config.maxSeriesMegavoxels * 1024 * 1024,
  };
}
