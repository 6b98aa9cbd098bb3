// Worker thread of `her2 synth cohort`: generates the studies it is sent, one at a time.
import { parentPort } from 'node:worker_threads';
import { describeError } from '../errors/index.js';
import type { StudyOptions } from '../synth/index.js';
import { writeSyntheticStudy } from './synth-files.js';

parentPort!.on('message', async (task: { options: StudyOptions; dir: string }) => {
  try {
    const truth = await writeSyntheticStudy(task.options, task.dir);
    parentPort!.postMessage({ ok: true, truth });
  } catch (error) {
    parentPort!.postMessage({ ok: false, error: describeError(error) });
  }
});
