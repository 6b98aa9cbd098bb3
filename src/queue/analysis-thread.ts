/**
 * Worker-thread entry of one study analysis (`runInThread`, see `study-analysis.ts`): decodes the
 * study, extracts the features and predicts off the worker's event loop, so BullMQ's lock renewal
 * keeps running. Gets the study's bytes by transfer and moves the outputs' bytes back the same way.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeStudyFiles, type StudyAnalysis } from '../analysis/index.js';
import { isAppError } from '../errors/index.js';
import { parseModelFile } from '../model/index.js';
import type { AnalysisThreadInput } from './analysis-thread-input.js';
import type { ThreadMessage } from './thread-runner.js';

function answer(message: ThreadMessage<StudyAnalysis>, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

const input = workerData as AnalysisThreadInput;
try {
  const model = parseModelFile(JSON.parse(input.modelText), input.settingsHash, 'model file');
  const analysis = analyzeStudyFiles(input.files, {
    model,
    rules: input.rules,
    software: input.software,
    demoMode: input.demoMode,
    inputLimits: input.inputLimits,
    ...(input.centre === undefined ? {} : { centre: input.centre }),
    contentDateTime: new Date(input.contentDateTimeMs),
    now: () => performance.now(),
  });
  // Each output owns its buffer unless the writer handed out a view; copy those before moving.
  const outputs = analysis.outputs.map((o) =>
    o.bytes.byteOffset === 0 && o.bytes.byteLength === o.bytes.buffer.byteLength
      ? o
      : { ...o, bytes: o.bytes.slice() },
  );
  answer(
    { ok: true, value: { ...analysis, outputs } },
    outputs.map((o) => o.bytes.buffer as ArrayBuffer),
  );
} catch (error) {
  // The analysis is deterministic: the same input fails the same way, so only an explicit
  // retryable AppError (none expected here) is worth a retry.
  answer({
    ok: false,
    error: isAppError(error)
      ? { code: error.code, message: error.message, retryable: error.retryable }
      : {
          code: 'analysis_failed',
          message: error instanceof Error ? error.message : String(error),
          retryable: false,
        },
  });
}
