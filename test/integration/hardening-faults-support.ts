import type { OrthancRest } from '../../src/pacs/index.js';
import type { AnalyzeStudy } from '../../src/pipeline/index.js';
import type { GeneratedStudy } from '../../src/synth/study.js';
import { outputInstance, sleep, testStudy, uploadStudy } from './pipeline-harness.js';

/**
 * What the hardening fault tests share: a stand-in analysis whose output UID is derived from the
 * study alone (as the real SR's is derived from inputs and model), so a re-run after a lost
 * acknowledgement stores the same instance again instead of a second series, and a per-study
 * count of completed runs, so a test can tell "analysed once" from "re-run".
 */
export interface RunCounter {
  /** Completed analyses per Study Instance UID. */
  readonly runs: Map<string, number>;
}

export function deterministicAnalysis(
  studies: ReadonlyMap<string, GeneratedStudy>,
  counter: RunCounter,
  workMs: number,
): AnalyzeStudy {
  return async ({ studyInstanceUid, pacs }) => {
    const study = studies.get(studyInstanceUid);
    if (!study) throw new Error('unknown study in fault test');
    const series = await pacs.searchSeries(studyInstanceUid);
    if (series.length === 0) throw new Error('study has no series in fault test');
    await sleep(workMs);
    const written = await pacs.store([outputInstance(study, 'result')], studyInstanceUid);
    counter.runs.set(studyInstanceUid, (counter.runs.get(studyInstanceUid) ?? 0) + 1);
    return { writtenSopInstanceUids: written, stageDurationsMs: { standIn: workMs }, outOfRangeInputs: [] };
  };
}

/** Generates and uploads studies `first..first+count-1` (T2 + one mask each). */
export async function uploadStudies(
  rest: OrthancRest,
  studies: Map<string, GeneratedStudy>,
  first: number,
  count: number,
): Promise<GeneratedStudy[]> {
  const out: GeneratedStudy[] = [];
  for (let n = first; n < first + count; n++) {
    const study = testStudy(n);
    studies.set(study.context.studyInstanceUid, study);
    await uploadStudy(rest, study, [1]);
    out.push(study);
  }
  return out;
}
