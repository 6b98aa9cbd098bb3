import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ClaimResult, ListenerStore, PendingStudy, SkipRecord } from '../pipeline/index.js';

/**
 * The listener's memory in Redis, under `<namespace>:listener:*` and `<namespace>:inputs:*`.
 * Processed inputs live in their own hashes, not only in BullMQ's retained jobs: completed jobs
 * are trimmed, the memory of what was analysed must not be. Studies are keyed by a SHA-256 of
 * their UID so keys carry no identifiers.
 */

const CLAIM = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return {0, false} end
local previous = redis.call('GET', KEYS[2])
redis.call('SET', KEYS[2], ARGV[2])
return {1, previous}`;

const RELEASE = `
redis.call('HDEL', KEYS[1], ARGV[1])
if ARGV[2] == '' then redis.call('DEL', KEYS[2]) else redis.call('SET', KEYS[2], ARGV[2]) end
return 1`;

function studyHash(studyInstanceUid: string): string {
  return createHash('sha256').update(studyInstanceUid).digest('hex').slice(0, 32);
}

export class RedisListenerStore implements ListenerStore {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    this.keys = {
      cursor: `${namespace}:listener:cursor`,
      pending: `${namespace}:listener:pending`,
      firstSeen: `${namespace}:listener:first-seen`,
      skipped: `${namespace}:listener:skipped`,
      inputs: (study: string) => `${namespace}:inputs:${studyHash(study)}`,
      latest: (study: string) => `${namespace}:inputs:${studyHash(study)}:latest`,
    };
  }

  async cursor(): Promise<number | null> {
    const value = await this.redis.get(this.keys.cursor);
    return value === null ? null : Number(value);
  }

  async saveCursor(seq: number): Promise<void> {
    await this.redis.set(this.keys.cursor, String(seq));
  }

  async notePending(pacsStudyId: string, dueAt: number, now: number): Promise<void> {
    await this.redis
      .multi()
      .zadd(this.keys.pending, dueAt, pacsStudyId)
      .hsetnx(this.keys.firstSeen, pacsStudyId, String(now))
      .exec();
  }

  async duePending(now: number): Promise<PendingStudy[]> {
    const ids = await this.redis.zrangebyscore(this.keys.pending, '-inf', now);
    if (ids.length === 0) return [];
    const seen = await this.redis.hmget(this.keys.firstSeen, ...ids);
    return ids.map((pacsStudyId, i) => ({ pacsStudyId, firstSeenAt: Number(seen[i] ?? now) }));
  }

  async firstSeenAt(pacsStudyId: string): Promise<number | null> {
    const value = await this.redis.hget(this.keys.firstSeen, pacsStudyId);
    return value === null ? null : Number(value);
  }

  async clearPending(pacsStudyId: string): Promise<void> {
    await this.redis
      .multi()
      .zrem(this.keys.pending, pacsStudyId)
      .hdel(this.keys.firstSeen, pacsStudyId)
      .exec();
  }

  async claimInput(studyInstanceUid: string, hash: string, jobId: string): Promise<ClaimResult> {
    const [claimed, previous] = (await this.redis.eval(
      CLAIM,
      2,
      this.keys.inputs(studyInstanceUid),
      this.keys.latest(studyInstanceUid),
      hash,
      jobId,
    )) as [number, string | null];
    return { claimed: claimed === 1, previousJobId: previous ?? null };
  }

  async releaseInput(studyInstanceUid: string, hash: string, previousJobId: string | null): Promise<void> {
    await this.redis.eval(
      RELEASE,
      2,
      this.keys.inputs(studyInstanceUid),
      this.keys.latest(studyInstanceUid),
      hash,
      previousJobId ?? '',
    );
  }

  async recordSkip(studyInstanceUid: string, record: SkipRecord): Promise<void> {
    await this.redis.hset(this.keys.skipped, studyHash(studyInstanceUid), JSON.stringify(record));
  }

  async skipRecord(studyInstanceUid: string): Promise<SkipRecord | null> {
    const value = await this.redis.hget(this.keys.skipped, studyHash(studyInstanceUid));
    return value === null ? null : (JSON.parse(value) as SkipRecord);
  }

  /** Every skip record (ops server); keys are study hashes, not UIDs. */
  async skipRecords(): Promise<Record<string, SkipRecord>> {
    const all = await this.redis.hgetall(this.keys.skipped);
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, JSON.parse(v) as SkipRecord]));
  }
}
