import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { StudyAnalysis } from '../analysis/index.js';
import type { AnalysisPacs, SeriesRecord } from '../pipeline/index.js';
import { createStudyAnalysis, seriesToRetrieve } from './study-analysis.js';

const echoThread = pathToFileURL(
  path.resolve(import.meta.dirname, '../../test/fixtures/pipeline/echo-analysis-thread.mjs'),
);

const SERIES: SeriesRecord[] = [
  { seriesInstanceUid: '1.1', modality: 'MR', seriesDescription: 'Ax T2' },
  { seriesInstanceUid: '1.2', modality: 'SEG', seriesDescription: 'lesion' },
  { seriesInstanceUid: '1.3', modality: 'SR', seriesDescription: 'HER2 radiomics report' },
  { seriesInstanceUid: '1.4', modality: 'SEG', seriesDescription: 'HER2 radiomics T2 segmentation' },
  { seriesInstanceUid: '1.5', modality: 'DOC', seriesDescription: 'HER2 radiomics summary' },
  { seriesInstanceUid: '1.6', modality: 'SR', seriesDescription: 'radiologist report' },
  { seriesInstanceUid: '1.7', modality: 'RTSTRUCT', seriesDescription: 'contours' },
];

describe('seriesToRetrieve', () => {
  it('reads MR images, masks and our own SRs; not our SEGs or companions, nor other SRs', () => {
    expect(seriesToRetrieve(SERIES).map((s) => s.seriesInstanceUid)).toEqual(['1.1', '1.2', '1.3', '1.7']);
  });
});

describe('createStudyAnalysis', () => {
  it('moves the fetched bytes into the thread, stores SEGs before the SR and reports stages and out-of-range inputs', async () => {
    const retrieved: Uint8Array[] = [];
    const stored: string[][] = [];
    const pacs: AnalysisPacs = {
      searchSeries: async () => SERIES,
      async *retrieveSeries(_study, series) {
        for (let i = 0; i < 2; i++) {
          const bytes = new Uint8Array(100 + i).fill(Number(series.slice(2)));
          retrieved.push(bytes);
          yield bytes;
        }
      },
      store: async (instances) => {
        stored.push(instances.map((b) => new TextDecoder().decode(b)));
        return ['1.9.2', '1.9.1'];
      },
    };
    let seen: StudyAnalysis | null = null;
    let ms = 0;
    const analyze = createStudyAnalysis({
      assets: {
        modelText: '{}',
        settingsHash: 'h',
        rules: {} as never,
        software: { name: 'x', version: '0' },
      },
      demoMode: true,
      clock: () => (ms += 10),
      startThread: (_url, data, transfer) =>
        new Worker(echoThread, { workerData: data, transferList: [...(transfer ?? [])] }),
      onAnalysis: (_uid, analysis) => {
        seen = analysis;
      },
    });
    const outcome = await analyze({ studyInstanceUid: '1.2.3', pacs, signal: new AbortController().signal });

    const received = JSON.parse((seen as StudyAnalysis | null)!.srText) as {
      files: { name: string; size: number }[];
    };
    expect(received.files.map((f) => f.name)).toEqual([
      'MR series 1 instance 1',
      'MR series 1 instance 2',
      'SEG series 2 instance 1',
      'SEG series 2 instance 2',
      'SR series 3 instance 1',
      'SR series 3 instance 2',
      'RTSTRUCT series 4 instance 1',
      'RTSTRUCT series 4 instance 2',
    ]);
    expect(received.files.map((f) => f.size)).toEqual([100, 101, 100, 101, 100, 101, 100, 101]);
    // Transferred, not copied: this thread's buffers are detached.
    expect(retrieved.every((b) => b.byteLength === 0)).toBe(true);
    expect(stored).toEqual([['seg', 'sr']]);
    expect(outcome.writtenSopInstanceUids).toEqual(['1.9.2', '1.9.1']);
    expect(outcome.outOfRangeInputs).toEqual(['t2_ring_original_firstorder_Mean']);
    expect(Object.keys(outcome.stageDurationsMs)).toEqual(['fetch', 'features', 'thread', 'store']);
    expect(outcome.result).toMatchObject({
      probability: 0.7,
      status: 'positive',
      srSopInstanceUid: '1.9.1',
      inputFiles: 8,
    });
  });
});
