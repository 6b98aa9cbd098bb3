import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeStudyFiles, type StudyAnalysis } from '../../src/analysis/index.js';
import { demoStudies } from '../../src/cli/commands/demo.js';
import { type ContentItem, readContentTree, readDataset } from '../../src/dicom/sr/index.js';
import { type LocalServices, startLocalServices } from '../../src/local-services/index.js';
import { DicomWebClient, DicomWebSeriesHeaders, PacsHttp } from '../../src/pacs/index.js';
import {
  type AnalysisOutcome,
  OUTPUT_SERIES_DESCRIPTION_PREFIX,
  type SeriesRecord,
  siteRulesQualifier,
} from '../../src/pipeline/index.js';
import {
  type AnalysisAssets,
  createStudyAnalysis,
  loadAnalysisAssets,
  modelSequences,
} from '../../src/queue/index.js';
import { CANARY, type GeneratedStudy, generateStudy, maskObjects } from '../../src/synth/index.js';
import { dciodvfy, dciodvfyAvailable } from '../support/dciodvfy.js';
import { closeHarnesses, Harness, maskInstance, sleep, uploadFullStudy } from './pipeline-harness.js';

/**
 * The product end to end with the real analysis: real Orthanc and Redis, the site-rules listener,
 * a worker running `analyzeStudyFiles` in a thread, and the demo model (synthetic; demo mode on).
 * Small synthetic studies keep it within CI time.
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';

let services: LocalServices;
let assets: AnalysisAssets;
const harnesses: Harness[] = [];

beforeAll(async () => {
  services = await startLocalServices({ orthanc: { stableAge: 1 } });
  assets = await loadAnalysisAssets({
    modelPath: path.join(repoRoot, 'models/demo-model.json'),
    extractionParams: path.join(repoRoot, 'config/extraction.yaml'),
    siteRules: path.join(repoRoot, 'config/site-rules.default.yaml'),
  });
}, 120_000);

afterAll(async () => {
  await closeHarnesses(harnesses);
  await services?.stop();
});

function harness(options: ConstructorParameters<typeof Harness>[1] = {}): Harness {
  const orthanc = services.orthanc!;
  const headers = new DicomWebSeriesHeaders(
    new DicomWebClient(new PacsHttp({ baseUrl: orthanc.url, ...orthanc.credentials })),
  );
  const h = new Harness(services, {
    ...options,
    qualify: siteRulesQualifier({
      rules: assets.rules,
      requiredSequences: modelSequences(assets.model),
      headers,
    }),
    model: { isDemo: assets.model.artifact.synthetic, demoMode: true },
    lockDurationMs: 60_000,
  });
  harnesses.push(h);
  h.worker(createStudyAnalysis({ assets, demoMode: true, clock: () => Date.now() }));
  return h;
}

function analysisOptions() {
  return {
    model: assets.model,
    rules: assets.rules,
    software: assets.software,
    demoMode: true,
    contentDateTime: new Date(),
  };
}

async function ownSeries(h: Harness, study: GeneratedStudy): Promise<SeriesRecord[]> {
  const series = await h.dicomWeb.searchSeries(study.context.studyInstanceUid);
  return series.filter((s) => s.seriesDescription.startsWith(OUTPUT_SERIES_DESCRIPTION_PREFIX));
}

async function instancesOf(h: Harness, study: GeneratedStudy, series: SeriesRecord): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const bytes of h.dicomWeb.retrieveSeries(
    study.context.studyInstanceUid,
    series.seriesInstanceUid,
  ))
    out.push(bytes);
  return out;
}

/** Every NUM of an SR tree as `concept path = value unit`, in tree order. */
function numbers(item: ContentItem, trail: string[] = []): string[] {
  const here = [...trail, item.concept?.meaning ?? ''];
  const own = item.valueType === 'NUM' ? [`${here.join(' / ')} = ${item.value} ${item.unit.value}`] : [];
  return [...own, ...(item.children ?? []).flatMap((c) => numbers(c, here))];
}

async function completedOutcomes(h: Harness): Promise<Map<string, AnalysisOutcome>> {
  const jobs = await h.queue.queue.getCompleted();
  return new Map(jobs.map((j) => [j.data.studyInstanceUid as string, j.returnvalue as AnalysisOutcome]));
}

/** A SEG whose segment says "lesion" but that has no pixel data: qualifies, cannot be analysed. */
function brokenMask(study: GeneratedStudy): Buffer {
  return maskInstance(study, 1, {
    SegmentationType: 'BINARY',
    SegmentSequence: [
      {
        SegmentNumber: 1,
        SegmentLabel: 'Lesion 1',
        SegmentAlgorithmType: 'MANUAL',
        SegmentedPropertyCategoryCodeSequence: [
          {
            CodeValue: '49755003',
            CodingSchemeDesignator: 'SCT',
            CodeMeaning: 'Morphologically Altered Structure',
          },
        ],
        SegmentedPropertyTypeCodeSequence: [
          { CodeValue: '108369006', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Neoplasm' },
        ],
      },
    ],
  });
}

describe('pipeline end to end with the real analysis', () => {
  const demo = demoStudies('small');
  const positive = demo.find((d) => d.her2 === 'positive')!.study;
  const negative = demo.find((d) => d.her2 === 'negative')!.study;
  const broken = generateStudy({
    seed: 'pipeline-e2e',
    index: 3,
    her2: 'negative',
    centre: 1,
    size: 'small',
  });
  let h: Harness;
  let outcomes: Map<string, AnalysisOutcome>;

  it('both demo studies get SEG, SR and companion; a broken mask fails its job with a readable reason', async () => {
    h = harness();
    const listener = h.listener();
    await listener.pollOnce();
    await uploadFullStudy(h.rest, positive, maskObjects(positive));
    await uploadFullStudy(h.rest, negative, maskObjects(negative));
    await uploadFullStudy(h.rest, broken, [{ bytes: brokenMask(broken) }]);
    await h.pollUntil(
      listener,
      async () => (await h.queue.queue.getCompletedCount()) + (await h.queue.queue.getFailedCount()) >= 3,
      180_000,
    );
    outcomes = await completedOutcomes(h);
    expect([...outcomes.keys()].sort()).toEqual(
      [positive.context.studyInstanceUid, negative.context.studyInstanceUid].sort(),
    );
    for (const study of [positive, negative]) {
      const modalities = (await ownSeries(h, study)).map((s) => s.modality).sort();
      expect(modalities.filter((m) => m === 'SR')).toHaveLength(1);
      expect(modalities.filter((m) => m === 'SEG').length).toBeGreaterThanOrEqual(1);
      // The companion: an Encapsulated PDF (DOC) or a Basic Text SR, in its own series.
      expect(modalities.filter((m) => m === 'DOC').length + modalities.filter((m) => m === 'SR').length).toBe(
        2,
      );
    }
    const [failed] = await h.queue.queue.getFailed();
    expect(failed!.data.studyInstanceUid).toBe(broken.context.studyInstanceUid);
    // Bad input fails at once, with the error code in front of a readable message.
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toMatch(/^[a-z][a-z0-9_]*: \w.{10,}/);
    // It names the object (as the worker named it: no UID, no patient data) and what is wrong with it.
    expect(failed!.failedReason).toMatch(
      /^mask_unreadable: Mask SEG series \d+ instance 1 cannot be read: .*Rows/,
    );
    expect(failed!.failedReason).not.toContain(CANARY);
  }, 240_000);

  it('the positive study is given the higher probability', () => {
    const p = outcomes.get(positive.context.studyInstanceUid)!.result!;
    const n = outcomes.get(negative.context.studyInstanceUid)!.result!;
    expect(p.probability).toBeGreaterThan(n.probability);
  });

  it('the SR in the PACS holds the values of the offline analysis of the same files', async () => {
    for (const study of [positive, negative]) {
      const files = [
        ...study.series.flatMap((s) =>
          s.instances.map((i, n) => ({ name: `${s.key} ${n}`, bytes: i.bytes })),
        ),
        ...maskObjects(study).map((m) => ({ name: m.fileName, bytes: m.bytes })),
      ];
      const offline: StudyAnalysis = analyzeStudyFiles(files, analysisOptions());
      const offlineSr = offline.outputs.find((o) => o.kind === 'sr')!;
      const srSeries = (await ownSeries(h, study)).filter((s) => s.modality === 'SR');
      const stored = (await Promise.all(srSeries.map((s) => instancesOf(h, study, s))))
        .flat()
        .map((bytes) => readDataset(bytes))
        .find((d) => d.SOPClassUID === COMPREHENSIVE_3D_SR)!;
      expect(stored.SOPInstanceUID).toBe(offlineSr.sopInstanceUid);
      const values = numbers(readContentTree(stored));
      expect(values.length).toBeGreaterThan(0);
      expect(values).toEqual(numbers(readContentTree(readDataset(offlineSr.bytes))));
      expect(outcomes.get(study.context.studyInstanceUid)!.result!.probability).toBe(
        offline.prediction.probability,
      );
    }
  });

  it.skipIf(!dciodvfyAvailable)(
    'dciodvfy finds no error in the SR and SEG read back from Orthanc',
    async () => {
      for (const series of await ownSeries(h, positive)) {
        if (series.modality !== 'SR' && series.modality !== 'SEG') continue;
        for (const bytes of await instancesOf(h, positive, series)) {
          const errors = dciodvfy(bytes).filter((l) => l.startsWith('Error'));
          expect(errors, `${series.modality}: ${errors.join('\n')}`).toEqual([]);
        }
      }
    },
  );

  it('our own outputs re-stabilising the studies start no second job', async () => {
    const listener = h.listener();
    const before = (await h.jobIds()).length;
    const end = Date.now() + 4000; // Orthanc's stable age is 1 s: the outputs' StableStudy is in the log by then
    while (Date.now() < end) {
      await listener.pollOnce();
      await sleep(300);
    }
    expect(await h.jobIds()).toHaveLength(before);
  });
});

describe('studies that cannot be analysed yet, and later masks', () => {
  it('a study without masks is skipped at the maximum wait with its reason visible', async () => {
    const h = harness({ maxWaitMs: 2000 });
    const study = generateStudy({
      seed: 'pipeline-e2e',
      index: 4,
      her2: 'positive',
      centre: 1,
      size: 'small',
    });
    const listener = h.listener();
    await listener.pollOnce();
    await uploadFullStudy(h.rest, study, []);
    await h.pollUntil(listener, async () => Object.keys(await h.store.skipRecords()).length === 1, 30_000);
    const [record] = Object.values(await h.store.skipRecords());
    expect(record).toMatchObject({ reason: 'incomplete_after_max_wait', missingRoles: ['lesion_mask'] });
    expect(h.logLines.some((l) => l.includes('"msg":"study skipped"') && l.includes('lesion_mask'))).toBe(
      true,
    );
    expect(await h.jobIds()).toEqual([]);
  }, 60_000);

  it('a later mask starts a new analysis whose SR supersedes and references the first', async () => {
    const h = harness();
    const study = generateStudy({
      seed: 'pipeline-e2e',
      index: 5,
      her2: 'positive',
      centre: 1,
      size: 'small',
    });
    const masks = maskObjects(study);
    const first = masks.find((m) => m.mask.sequence === 'dce')!;
    const later = masks.find((m) => m.mask.sequence === 't2')!;
    const listener = h.listener();
    await listener.pollOnce();
    await uploadFullStudy(h.rest, study, [first]);
    await h.pollUntil(listener, async () => (await h.queue.queue.getCompletedCount()) === 1, 120_000);
    const firstSr = (await completedOutcomes(h)).get(study.context.studyInstanceUid)!.result!
      .srSopInstanceUid!;

    await h.rest.uploadInstance(later.bytes);
    await h.pollUntil(listener, async () => (await h.queue.queue.getCompletedCount()) === 2, 120_000);
    const jobs = (await h.queue.queue.getCompleted()).sort((a, b) => a.timestamp - b.timestamp);
    expect(jobs[1]!.data.supersedesJobId).toBe(jobs[0]!.id);
    const second = (jobs[1]!.returnvalue as AnalysisOutcome).result!;
    expect(second.srSopInstanceUid).not.toBe(firstSr);
    expect(second.supersededSrSopInstanceUid).toBe(firstSr);
    // The new SR, as stored, names the old one.
    const srSeries = (await ownSeries(h, study)).filter((s) => s.modality === 'SR');
    const srs = (await Promise.all(srSeries.map((s) => instancesOf(h, study, s))))
      .flat()
      .map((b) => readDataset(b));
    const newest = srs.find((d) => d.SOPInstanceUID === second.srSopInstanceUid)!;
    expect(JSON.stringify(newest)).toContain(firstSr);
  }, 240_000);
});
