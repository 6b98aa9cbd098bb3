import type { NamedBytes } from '../dicom/study-inventory.js';
import { type GeneratedStudy, generateStudy, maskObjects } from '../synth/index.js';

/**
 * Test support: a small synthetic study (src/synth) as the files a PACS or a folder would hold:
 * every image instance and every reader's mask object (SEG and RTSTRUCT).
 */
export function studyFiles(
  options: { seed?: number; index?: number; her2?: 'positive' | 'negative'; masks?: boolean } = {},
): { study: GeneratedStudy; files: NamedBytes[] } {
  const study = generateStudy({
    seed: options.seed ?? 21,
    index: options.index ?? 2,
    her2: options.her2 ?? 'positive',
    centre: 1,
    size: 'small',
  });
  const images = study.series.flatMap((s) =>
    s.instances.map((instance, n) => ({ name: `${s.seriesNumber}/${n}.dcm`, bytes: instance.bytes })),
  );
  const masks =
    options.masks === false
      ? []
      : maskObjects(study).map((m) => ({ name: `masks/${m.fileName}`, bytes: m.bytes }));
  return { study, files: [...images, ...masks] };
}
