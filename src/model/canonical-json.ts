import { createHash } from 'node:crypto';
import { AppError } from '../errors/index.js';

/**
 * Canonical JSON: object keys sorted by UTF-16 code units at every level, no whitespace, numbers in
 * JavaScript's shortest round-trip form, `undefined` members left out. Equal data gives equal text
 * whatever the key order it was built in, so its SHA-256 identifies the data. Non-finite numbers
 * are refused (JSON has none, and silently writing null would change the data).
 */
export function canonicalJson(value: unknown, path = '$'): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new AppError(
        'canonical_json_number',
        `Value at ${path} is ${value}; canonical JSON holds finite numbers only.`,
        {
          details: { path },
        },
      );
    }
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, `${path}[${i}]`)).join(',')}]`;
  if (ArrayBuffer.isView(value))
    return canonicalJson(Array.from(value as unknown as ArrayLike<number>), path);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${path}.${k}`)}`).join(',')}}`;
  }
  throw new AppError(
    'canonical_json_type',
    `Value at ${path} has type ${typeof value}, which JSON cannot hold.`,
    {
      details: { path },
    },
  );
}

/** Lower-case hex SHA-256 of a text's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 of the canonical JSON of a value. */
export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
