import { describeSettings, SETTINGS } from '../config/index.js';
import { ENCAPSULATED_PDF_STORAGE } from '../dicom/companion/encapsulated-pdf.js';
import { COMPREHENSIVE_3D_SR_STORAGE } from '../dicom/sr/index.js';
import { SOP_CLASS } from '../dicom/uids.js';

/**
 * The plugin manifest (`plugin-manifest.json`), built from the code it describes: the
 * configuration schema comes from the config module, the SOP classes from the DICOM writers and
 * readers. `npm run manifest` writes it; a test fails when the committed file drifts.
 */

/** The ops server's routes (src/server/ops-app.ts); the manifest test requests each one. */
export const OPS_ENDPOINTS = [
  { method: 'GET', path: '/healthz', auth: 'none', purpose: 'liveness' },
  { method: 'GET', path: '/readyz', auth: 'none', purpose: 'readiness: Redis and Orthanc reachable' },
  { method: 'GET', path: '/metrics', auth: 'none', purpose: 'Prometheus metrics (no identifiers)' },
  { method: 'GET', path: '/admin/queues', auth: 'basic', purpose: 'queue dashboard for IT staff' },
  { method: 'GET', path: '/skipped', auth: 'basic', purpose: 'studies skipped and why' },
  { method: 'POST', path: '/studies/:uid/reprocess', auth: 'basic', purpose: 'analyse a study again' },
  {
    method: 'POST',
    path: '/webhook/stable-study',
    auth: 'bearer',
    purpose: "optional push from Orthanc's Lua OnStableStudy",
  },
] as const;

export interface PluginManifest {
  name: string;
  version: string;
  description: string;
  intendedUse: string;
  consumes: {
    modality: string;
    bodyPart: string;
    maskTypes: { name: string; sopClassUid: string }[];
    requiredSequences: string[];
  };
  produces: { name: string; sopClassUid: string; template?: string; description: string }[];
  configuration: ReturnType<typeof describeSettings>;
  queues: { name: string; setting: string; default: string }[];
  endpoints: typeof OPS_ENDPOINTS;
  model: null | { name: string; version: string; sha256: string; intendedUse: string };
}

export function buildPluginManifest(version: string): PluginManifest {
  return {
    name: 'her2-radiomics',
    version,
    description:
      'HER-2 status estimate for breast cancer from routine MRI radiomics (T2W, DWI/ADC, DCE; intratumoral and 3 mm peritumoral), written back as DICOM SR (TID 1500), SEG and a PDF companion',
    intendedUse: 'Research use only. Not a medical device; results are not for clinical decisions.',
    consumes: {
      modality: 'MR',
      bodyPart: 'BREAST',
      maskTypes: [
        { name: 'Segmentation (SEG)', sopClassUid: SOP_CLASS.segmentation },
        { name: 'Label Map Segmentation', sopClassUid: SOP_CLASS.labelMapSegmentation },
        { name: 'RT Structure Set (RTSTRUCT)', sopClassUid: SOP_CLASS.rtStructureSet },
      ],
      requiredSequences: ['T2-weighted', 'DWI or ADC map', 'DCE (pre-contrast and post-contrast phases)'],
    },
    produces: [
      {
        name: 'Comprehensive 3D SR',
        sopClassUid: COMPREHENSIVE_3D_SR_STORAGE,
        template: 'TID 1500',
        description: 'predicted HER-2 status with its probability, features per lesion, sequence and region',
      },
      {
        name: 'Segmentation (SEG)',
        sopClassUid: SOP_CLASS.segmentation,
        description: 'each lesion and its 3 mm peritumoral ring, one SEG per source series',
      },
      {
        name: 'Encapsulated PDF',
        sopClassUid: ENCAPSULATED_PDF_STORAGE,
        description: 'human-readable companion with the result and a picture of the lesion and its ring',
      },
    ],
    configuration: describeSettings(),
    queues: [
      { name: 'analysis', setting: SETTINGS.analysisQueue.env, default: SETTINGS.analysisQueue.default },
    ],
    endpoints: OPS_ENDPOINTS,
    // No model ships yet: the demo model arrives with the modelling workbench's study run.
    model: null,
  };
}
