import { createHmac, randomBytes } from 'node:crypto';

/**
 * Structured JSON logs, one object per line, safe to ship to a hospital's log platform:
 * patient identifiers are never written. A study is named by `studyKey()`, a salted hash of its
 * Study Instance UID, the same in every process that shares `HER2_LOG_SALT`.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields` (e.g. `{ component: 'worker', jobId }`). */
  child(fields: LogFields): Logger;
}

/**
 * Field names that may hold patient identifiers or paths into patient folders. Their values are
 * replaced by `[redacted]`; the keys stay so that a reader sees something was removed.
 * Compared case-insensitively with `_`/`-` removed.
 */
const FORBIDDEN_KEYS = new Set(
  [
    'patientName',
    'patientId',
    'patientBirthDate',
    'birthDate',
    'accessionNumber',
    'otherPatientIds',
    'patientAddress',
    'referringPhysicianName',
    'institutionName',
    'studyInstanceUid',
    'seriesInstanceUid',
    'sopInstanceUid',
    'path',
    'file',
    'filePath',
    'fileName',
    'dir',
    'directory',
    'folder',
    'password',
    'secret',
    'token',
    'authorization',
  ].map(normaliseKey),
);

function normaliseKey(key: string): string {
  return key.replace(/[_-]/g, '').toLowerCase();
}

function isForbidden(key: string): boolean {
  const k = normaliseKey(key);
  return FORBIDDEN_KEYS.has(k) || k.endsWith('path') || k.endsWith('password');
}

/** Copies `value` with forbidden keys redacted at every depth; errors become {code, message}. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[too deep]';
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, ...(typeof code === 'string' ? { code } : {}), message: value.message };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value))
      out[key] = isForbidden(key) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Salted, truncated HMAC of a Study Instance UID: stable within a salt, useless without it. */
export function studyKey(salt: string, studyInstanceUid: string): string {
  return createHmac('sha256', salt).update(studyInstanceUid).digest('hex').slice(0, 16);
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where each JSON line goes (default: stdout). */
  write?: (line: string) => void;
  /** Clock for timestamps (tests pass a fixed one). */
  now?: () => Date;
  fields?: LogFields;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = order[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const now = options.now ?? (() => new Date());
  const make = (bound: LogFields): Logger => {
    const emit = (level: LogLevel, message: string, fields?: LogFields) => {
      if (order[level] < min) return;
      const record = {
        time: now().toISOString(),
        level,
        msg: message,
        ...(redact({ ...bound, ...fields }) as LogFields),
      };
      write(`${JSON.stringify(record)}\n`);
    };
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return make(options.fields ?? {});
}

/** A salt for study keys when none is configured (keys then differ between processes). */
export function randomSalt(): string {
  return randomBytes(24).toString('base64url');
}
