import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export interface Credentials {
  username: string;
  password: string;
}

/**
 * Compares two strings in time independent of where they differ. Both are hashed first so that
 * their lengths do not leak either (`timingSafeEqual` needs equal lengths).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** The user and password of an `Authorization: Basic` header, or null. */
export function parseBasicAuth(header: string | undefined): Credentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Express middleware requiring HTTP Basic credentials. With no credentials configured every
 * request is refused (a dashboard must never be open by accident).
 */
export function requireBasicAuth(expected: Credentials | null, realm: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = parseBasicAuth(req.headers.authorization);
    // Both comparisons always run, so a wrong user costs as long as a wrong password.
    const userOk =
      expected !== null && given !== null && constantTimeEqual(given.username, expected.username);
    const passwordOk =
      expected !== null && given !== null && constantTimeEqual(given.password, expected.password);
    if (userOk && passwordOk) return next();
    res.set('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
    res.status(401).json({ error: 'unauthorized' });
  };
}

/** Express middleware requiring `Authorization: Bearer <secret>` (Orthanc's Lua webhook). */
export function requireBearer(secret: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (match && constantTimeEqual(match[1]!, secret)) return next();
    res.status(401).json({ error: 'unauthorized' });
  };
}
