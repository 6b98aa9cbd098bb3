import { beforeAll, describe, expect, it } from 'vitest';
import { loadStudyInputs } from '../../src/analysis/study-inputs.js';
import type { DicomDataset } from '../../src/dicom/dataset.js';
import { mrHeaderFromDataset } from '../../src/dicom/header.js';
import { imageFrames, notImageReason } from '../../src/dicom/image-frames.js';
import { readInstances, readPart10 } from '../../src/dicom/part10.js';
import { readSiteRulesFile } from '../../src/dicom/recognition/index.js';
import type { SiteRules } from '../../src/dicom/recognition/site-rules.js';
import { readRtStruct, readRtStructHeader } from '../../src/dicom/rtstruct-reader.js';
import { readSegmentation, readSegmentationHeader } from '../../src/dicom/seg-reader.js';
import { type SeriesVolume, seriesVolumes } from '../../src/dicom/series-volume.js';
import type { NamedBytes } from '../../src/dicom/study-inventory.js';
import { SOP_CLASS } from '../../src/dicom/uids.js';
import { createRandom } from '../../src/synth/random.js';
import { readSampleBytes, samplesAvailable } from '../support/dicom-samples.js';
import { type BaseStudy, baseStudy } from './broken-corpus.js';
import { MUTATION_KINDS, mutate } from './mutator.js';
import { type Outcome, outcomeOf } from './outcome.js';

/**
 * Property-based fuzzing of the DICOM readers with a fixed seed and run count: seeded mutations
 * (byte flips, truncations, corrupted length fields, duplicated and deleted chunks) of real files
 * from shared/dicom-samples and of our synthetic study's image, SEG and RTSTRUCT. Property: every
 * mutated file is either read or refused with an AppError — never a TypeError/RangeError or any
 * other uncaught exception. Every tenth case also goes through loadStudyInputs, which must
 * return (problems listed) rather than throw.
 */

const SEED = 'her2-fuzz-1';
const RUNS_PER_TARGET = 80;
const STUDY_EVERY = 10;

/** Small real files of other tools (images, multi-frame, SEG, RTSTRUCT). */
const SAMPLE_FILES = [
  'pydicom/MR_small.dcm',
  'pydicom/emri_small.dcm',
  'pydicom/rtstruct.dcm',
  'rt-utils/rt.dcm',
  'highdicom/seg/seg_image_ct_binary.dcm',
  'highdicom/seg/seg_image_ct_binary_fractional.dcm',
  'dcmqi/seg/sparse-labelmap-noppv.dcm',
  'dcmqi/24x38x3/multiframe/mf.dcm',
  'ibsi-sts-002-mr-t1/image/000000.dcm',
  'ibsi-sts-002-mr-t1/mask/RS.dcm',
];

interface Target {
  name: string;
  bytes: Uint8Array;
  /** The grid a SEG/RTSTRUCT is read onto (synthetic targets); header only otherwise. */
  reference?: SeriesVolume;
  /** The study the file belongs to (synthetic targets): the mutated file replaces it. */
  study?: { files: NamedBytes[]; original: NamedBytes };
}

/** Everything the worker does with one object, by its SOP class. */
function exercise(bytes: Uint8Array, name: string, reference: SeriesVolume | undefined): void {
  const ds: DicomDataset = readPart10(bytes, name).dataset;
  const sopClass = String(ds.SOPClassUID ?? '');
  if (sopClass === SOP_CLASS.segmentation || sopClass === SOP_CLASS.labelMapSegmentation) {
    if (reference) readSegmentation(ds, reference, name);
    else readSegmentationHeader(ds, name);
  } else if (sopClass === SOP_CLASS.rtStructureSet) {
    if (reference) readRtStruct(ds, reference, name);
    else readRtStructHeader(ds, name);
  } else if (notImageReason(ds) === undefined) {
    imageFrames(ds, name);
    mrHeaderFromDataset(ds as never, name);
  }
}

let base: BaseStudy;
let rules: SiteRules;
let targets: Target[];

beforeAll(async () => {
  base = baseStudy();
  rules = await readSiteRulesFile();
  const volume = (files: NamedBytes[]) => seriesVolumes(readInstances(files))[0]!;
  const studyFiles = [...base.t2, base.rtstruct, ...base.adc, base.seg];
  const synthetic: Target[] = [
    { name: base.t2[4]!.name, bytes: base.t2[4]!.bytes, study: { files: studyFiles, original: base.t2[4]! } },
    {
      name: base.seg.name,
      bytes: base.seg.bytes,
      reference: volume(base.adc),
      study: { files: studyFiles, original: base.seg },
    },
    {
      name: base.rtstruct.name,
      bytes: base.rtstruct.bytes,
      reference: volume(base.t2),
      study: { files: studyFiles, original: base.rtstruct },
    },
  ];
  const samples = samplesAvailable
    ? SAMPLE_FILES.map((name) => ({ name, bytes: readSampleBytes(name) }))
    : [];
  targets = [...synthetic, ...samples];
});

describe('fuzzing the DICOM readers (fixed seed and run count)', () => {
  it('every target reads cleanly before mutation (the mutations are what fails)', () => {
    expect(samplesAvailable, 'shared/dicom-samples beside the repository').toBe(true);
    for (const t of targets)
      expect(outcomeOf(() => exercise(t.bytes, t.name, t.reference))).toEqual({ kind: 'accepted' });
  });

  it('no mutated file crashes a reader: each is read or refused with an AppError', () => {
    const random = createRandom(SEED);
    const counts = { tried: 0, clear: 0, accepted: 0, crashes: 0, studies: 0 };
    const codes = new Map<string, number>();
    const crashes: string[] = [];
    const record = (what: string, outcome: Outcome) => {
      counts.tried++;
      if (outcome.kind === 'clear') {
        counts.clear++;
        codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
      } else if (outcome.kind === 'accepted') counts.accepted++;
      else {
        counts.crashes++;
        crashes.push(`${what}: ${outcome.error}`);
      }
    };
    for (const target of targets) {
      for (let run = 0; run < RUNS_PER_TARGET; run++) {
        const kind = MUTATION_KINDS[random.int(0, MUTATION_KINDS.length - 1)]!;
        const mutated = mutate(target.bytes, kind, random);
        const what = `${target.name} run ${run} (${kind})`;
        record(
          what,
          outcomeOf(() => exercise(mutated, target.name, target.reference)),
        );
        if (target.study && run % STUDY_EVERY === 0) {
          counts.studies++;
          const { files, original } = target.study;
          const replaced = files.map((f) => (f === original ? { name: original.name, bytes: mutated } : f));
          const outcome = outcomeOf(() => loadStudyInputs(replaced, rules));
          // loadStudyInputs lists problems and returns; even an AppError escaping it is a defect here
          if (outcome.kind !== 'accepted')
            crashes.push(`${what} through loadStudyInputs: ${JSON.stringify(outcome)}`);
        }
      }
    }
    console.log(
      `DICOM fuzzing (seed ${SEED}): cases tried ${counts.tried} over ${targets.length} files, clear errors ${counts.clear}, ` +
        `read without error ${counts.accepted}, crashes ${counts.crashes}; studies through loadStudyInputs ${counts.studies}`,
    );
    console.log(
      `error codes: ${[...codes]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')}`,
    );
    expect(crashes.slice(0, 20)).toEqual([]);
    expect(counts.tried).toBe(targets.length * RUNS_PER_TARGET);
    expect(counts.clear).toBeGreaterThan(counts.tried / 3);
  });
});
