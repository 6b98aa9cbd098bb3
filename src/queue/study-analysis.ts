import type { StudyAnalysis } from '../analysis/index.js';
import { checkInstanceBytes, DEFAULT_INPUT_LIMITS, type InputLimits } from '../dicom/input-limits.js';
import type { NamedBytes } from '../dicom/study-inventory.js';
import {
  type AnalysisOutcome,
  type AnalyzeStudy,
  OUTPUT_SERIES_DESCRIPTION_PREFIX,
  type SeriesRecord,
} from '../pipeline/index.js';
import { siblingModule, startWorker } from '../threads/index.js';
import type { AnalysisAssets } from './analysis-assets.js';
import type { AnalysisThreadInput } from './analysis-thread-input.js';
import { runInThread, type ThreadStarter } from './thread-runner.js';

/**
 * The queue's analysis of one study: lists the study's series (QIDO-RS), retrieves the inputs
 * (WADO-RS, explicit VR little endian) and our own earlier SRs (so a new analysis can state what
 * it supersedes), runs `analyzeStudyFiles` in a worker thread, and stores the SEG, SR and
 * companion by STOW-RS through the job's PACS (which honours shadow mode and the write stop).
 */

export interface StudyAnalysisOptions {
  assets: Pick<AnalysisAssets, 'modelText' | 'settingsHash' | 'rules' | 'software'>;
  /** HER2_DEMO_MODE: whether a demo model may run (checked again by the analysis). */
  demoMode: boolean;
  /** HER2_MAX_* caps (`inputLimitsOf` in src/config): every retrieved instance and series is checked. */
  inputLimits?: InputLimits;
  /** HER2_CENTRE: the site's centre, read only by a model trained with ComBat harmonisation. */
  centre?: string;
  /** Milliseconds clock: stage durations and the outputs' content date/time. */
  clock: () => number;
  /** Thread starter (tsx loader from sources); tests may run the thread module directly. */
  startThread?: ThreadStarter;
  /** Called with the full analysis (e.g. the demo prints the SR text); no patient identifiers in logs. */
  onAnalysis?: (studyInstanceUid: string, analysis: StudyAnalysis) => void;
}

const INPUT_MODALITIES = new Set(['MR', 'SEG', 'RTSTRUCT']);

/**
 * Which series an analysis needs: MR images and masks of others, and of our own outputs only the
 * SRs (the earlier result a new one supersedes); our SEGs and companions are not read back.
 */
export function seriesToRetrieve(series: readonly SeriesRecord[]): SeriesRecord[] {
  return series.filter((s) => {
    const own = s.seriesDescription.trim().startsWith(OUTPUT_SERIES_DESCRIPTION_PREFIX);
    return own ? s.modality === 'SR' : INPUT_MODALITIES.has(s.modality);
  });
}

/** The buffers to move into the thread: each file's own buffer, copied first when it is a view. */
function transferable(files: NamedBytes[]): { files: NamedBytes[]; buffers: ArrayBuffer[] } {
  const owned = files.map((f) =>
    f.bytes.byteOffset === 0 && f.bytes.byteLength === f.bytes.buffer.byteLength
      ? f
      : { name: f.name, bytes: f.bytes.slice() },
  );
  return { files: owned, buffers: owned.map((f) => f.bytes.buffer as ArrayBuffer) };
}

export function createStudyAnalysis(options: StudyAnalysisOptions): AnalyzeStudy {
  const threadModule = siblingModule(import.meta.url, 'analysis-thread');
  return async ({ studyInstanceUid, pacs, signal }): Promise<AnalysisOutcome> => {
    const { clock } = options;
    const limits = options.inputLimits ?? DEFAULT_INPUT_LIMITS;
    const fetchStart = clock();
    const series = seriesToRetrieve(await pacs.searchSeries(studyInstanceUid));
    const files: NamedBytes[] = [];
    for (const [n, s] of series.entries()) {
      let i = 0;
      for await (const bytes of pacs.retrieveSeries(studyInstanceUid, s.seriesInstanceUid)) {
        const name = `${s.modality} series ${n + 1} instance ${++i}`;
        checkInstanceBytes(bytes.length, name, limits);
        files.push({ name, bytes });
      }
    }
    const fetchMs = clock() - fetchStart;

    const analysisStart = clock();
    const moved = transferable(files);
    const input: AnalysisThreadInput = {
      files: moved.files,
      modelText: options.assets.modelText,
      settingsHash: options.assets.settingsHash,
      rules: options.assets.rules,
      software: options.assets.software,
      demoMode: options.demoMode,
      inputLimits: limits,
      ...(options.centre === undefined ? {} : { centre: options.centre }),
      contentDateTimeMs: analysisStart,
    };
    const analysis = await runInThread<StudyAnalysis>(
      threadModule,
      input,
      signal,
      options.startThread ?? startWorker,
      moved.buffers,
    );
    const analysisMs = clock() - analysisStart;
    options.onAnalysis?.(studyInstanceUid, analysis);

    const storeStart = clock();
    // SEGs first: the SR references their segments.
    const order = { seg: 0, sr: 1, companion: 2 } as const;
    const outputs = [...analysis.outputs].sort((a, b) => order[a.kind] - order[b.kind]);
    const written = await pacs.store(
      outputs.map((o) => o.bytes),
      studyInstanceUid,
    );
    const storeMs = clock() - storeStart;

    const sr = analysis.outputs.find((o) => o.kind === 'sr');
    return {
      writtenSopInstanceUids: written,
      stageDurationsMs: {
        fetch: fetchMs,
        ...analysis.stageDurationsMs,
        // Thread start, model parse and message passing: the part of the analysis its own stages miss.
        thread: Math.max(0, analysisMs - sum(Object.values(analysis.stageDurationsMs))),
        store: storeMs,
      },
      outOfRangeInputs: analysis.prediction.outOfRange.map((f) => f.feature),
      result: {
        probability: analysis.prediction.probability,
        status: analysis.prediction.status,
        modelId: analysis.prediction.modelId,
        srSopInstanceUid: sr?.sopInstanceUid ?? null,
        supersededSrSopInstanceUid: analysis.supersedes?.sopInstanceUid ?? null,
        inputFiles: files.length,
      },
    };
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
