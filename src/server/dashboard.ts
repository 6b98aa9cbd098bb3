import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Router } from 'express';

/** A queue dashboard mounted below `basePath`; behind this interface so it can be swapped or left out. */
export interface QueueDashboard {
  basePath: string;
  router(): Router;
}

/** bull-board on the given queues, read-only (IT staff look; retries go through reprocess). */
export function bullBoardDashboard(queues: readonly Queue[], basePath = '/admin/queues'): QueueDashboard {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter: adapter,
  });
  return { basePath, router: () => adapter.getRouter() as Router };
}
