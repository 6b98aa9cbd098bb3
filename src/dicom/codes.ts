import type { CodedConcept } from './dataset.js';

/**
 * Coded concepts written by this folder, in one place. SNOMED CT codes use scheme "SCT" (the
 * SNOMED-RT "SRT" designator is deprecated, and dciodvfy warns about it).
 */
export const CODES = {
  /** CID 7150 Segmentation Property Categories. */
  morphologicallyAlteredStructure: {
    value: '49755003',
    scheme: 'SCT',
    meaning: 'Morphologically Altered Structure',
  },
  anatomicalStructure: { value: '123037004', scheme: 'SCT', meaning: 'Anatomical Structure' },
  tissue: { value: '85756007', scheme: 'SCT', meaning: 'Tissue' },
  /** CID 7151 Segmentation Property Types. */
  mass: { value: '4147007', scheme: 'SCT', meaning: 'Mass' },
  breast: { value: '76752008', scheme: 'SCT', meaning: 'Breast' },
  /** CID 7203 Image Derivation. */
  segmentationDerivation: { value: '113076', scheme: 'DCM', meaning: 'Segmentation' },
  /** CID 7202 Source Image Purposes of Reference. */
  sourceImageForProcessing: {
    value: '121322',
    scheme: 'DCM',
    meaning: 'Source image for image processing operation',
  },
} as const satisfies Record<string, CodedConcept>;

/** A Code Sequence item from a coded concept. */
export function codeItem(code: CodedConcept): Record<string, string> {
  return { CodeValue: code.value, CodingSchemeDesignator: code.scheme, CodeMeaning: code.meaning };
}
