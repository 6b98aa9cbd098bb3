import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { describeError, isAppError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import { dicomUid, type SkipRecord, type StudyDecision } from '../pipeline/index.js';
import { type Credentials, requireBasicAuth, requireBearer } from './basic-auth.js';
import type { QueueDashboard } from './dashboard.js';
import type { PipelineMetrics } from './metrics.js';

/**
 * The operations server: liveness, readiness, Prometheus metrics (open, they hold no
 * identifiers), and behind HTTP Basic auth the queue dashboard and reprocess requests. Orthanc's
 * optional Lua push reaches `/webhook/stable-study` with a bearer secret.
 */
export interface OpsAppOptions {
  /** Readiness checks by name (`redis`, `orthanc`); each resolves true when reachable. */
  readiness: Record<string, () => Promise<boolean>>;
  metrics: PipelineMetrics;
  /** Null: the dashboard and reprocess refuse every request. */
  credentials: Credentials | null;
  reprocess?: (studyInstanceUid: string) => Promise<StudyDecision>;
  dashboard?: QueueDashboard;
  /** Skip records keyed by study hash (no UIDs), for `GET /skipped`. */
  skipped?: () => Promise<Record<string, SkipRecord>>;
  /** The study is looked at after the answer (202), never while the caller waits. */
  webhook?: { secret: string; onStableStudy: (pacsStudyId: string) => Promise<unknown> };
  logger: Logger;
}

/** A dependency that has not answered within this long counts as not ready. */
const READY_TIMEOUT_MS = 2000;

/**
 * A check that rejects or hangs (ioredis queues commands while Redis is away) reads as false,
 * so `/readyz` always answers.
 */
function withTimeout(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([check.catch(() => false), timeout]).finally(() => clearTimeout(timer));
}

/** Bodies are tiny JSON documents; anything larger is refused before it is read. */
const BODY_LIMIT = '4kb';

export function createOpsApp(options: OpsAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  const auth = requireBasicAuth(options.credentials, 'her2-radiomics operations');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const entries = await Promise.all(
      Object.entries(options.readiness).map(
        async ([name, check]) => [name, await withTimeout(check(), READY_TIMEOUT_MS)] as const,
      ),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, ok]) => ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });

  app.get('/metrics', async (_req, res) => {
    res.set('content-type', options.metrics.registry.contentType);
    res.send(await options.metrics.registry.metrics());
  });

  if (options.dashboard) app.use(options.dashboard.basePath, auth, options.dashboard.router());

  app.get('/skipped', auth, async (_req, res) => {
    res.json(options.skipped ? await options.skipped() : {});
  });

  app.post('/studies/:uid/reprocess', auth, express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const uid = dicomUid.safeParse(req.params.uid);
    if (!uid.success) {
      res.status(400).json({ error: 'study_uid_invalid', message: 'the path does not hold a DICOM UID' });
      return;
    }
    if (!options.reprocess) {
      res.status(503).json({ error: 'reprocess_unavailable' });
      return;
    }
    const decision = await options.reprocess(uid.data);
    res.status(decision.action === 'study_gone' ? 404 : 202).json(decision);
  });

  if (options.webhook) {
    const { secret, onStableStudy } = options.webhook;
    app.post(
      '/webhook/stable-study',
      requireBearer(secret),
      express.json({ limit: BODY_LIMIT }),
      async (req, res) => {
        const studyId = (req.body as { studyId?: unknown } | undefined)?.studyId;
        if (typeof studyId !== 'string' || !/^[0-9a-f-]{44}$/.test(studyId)) {
          res.status(400).json({ error: 'study_id_invalid' });
          return;
        }
        // Answer first, then look at the study: Orthanc's Lua HttpPost blocks its event thread
        // until we answer, and our look at the study calls Orthanc back (measured: the call
        // back fails with a closed socket while Orthanc waits on us).
        res.status(202).json({ accepted: true });
        onStableStudy(studyId).catch((error: unknown) =>
          options.logger.warn('webhook study evaluation failed; polling will retry', {
            error: describeError(error),
          }),
        );
      },
    );
  }

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });

  // Express 5 forwards rejected promises here. Body-parser errors carry a status (413, 400).
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: status === 413 ? 'body_too_large' : 'bad_request' });
      return;
    }
    options.logger.error('ops request failed', { error: describeError(error) });
    res.status(isAppError(error) && error.retryable ? 503 : 500).json({ error: 'internal' });
  });
  return app;
}
