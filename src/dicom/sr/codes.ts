/**
 * Every coded concept the HER-2 measurement report uses, as named constants (one place, so the
 * writer, the reader and the specification test agree). Sources: DICOM PS3.16 (DCM codes and the
 * CIDs named per constant), SNOMED CT as PS3.16 uses it, IHE AI Results (99IHE), the IBSI
 * reference manual (IBSI permanent identifiers) and our private scheme 99HER2 for concepts no
 * standard scheme has (HER-2 status, its values, training range, regulatory statements).
 */

/** A coded entry: Code Value, Coding Scheme Designator, Code Meaning (PS3.3 Table 8.8-1). */
export interface Code {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
}

function code(value: string, scheme: string, meaning: string): Code {
  return Object.freeze({ value, scheme, meaning });
}

/** True when both codes name the same concept (meaning is free text and is not compared). */
export function sameCode(a: Code, b: Code): boolean {
  return a.value === b.value && a.scheme === b.scheme;
}

// --- Document title and TID 1500 structure --------------------------------------------------

/** CID 7021 Measurement Report Document Titles. */
export const IMAGING_MEASUREMENT_REPORT = code('126000', 'DCM', 'Imaging Measurement Report');
/** TID 1204 Language of Content Item and Descendants. */
export const LANGUAGE_OF_CONTENT = code('121049', 'DCM', 'Language of Content Item and Descendants');
/** CID 5000 Languages, RFC 5646 form (not the retired RFC 3066 `eng`). */
export const ENGLISH_US = code('en-US', 'RFC5646', 'English (United States)');
/** TID 1002/1004 observer context. */
export const OBSERVER_TYPE = code('121005', 'DCM', 'Observer Type');
export const DEVICE = code('121007', 'DCM', 'Device');
export const DEVICE_OBSERVER_UID = code('121012', 'DCM', 'Device Observer UID');
export const DEVICE_OBSERVER_NAME = code('121013', 'DCM', 'Device Observer Name');
export const DEVICE_OBSERVER_MANUFACTURER = code('121014', 'DCM', 'Device Observer Manufacturer');
export const DEVICE_OBSERVER_MODEL_NAME = code('121015', 'DCM', 'Device Observer Model Name');
/** TID 1500 row 4; value from CID 100 Quantitative Diagnostic Imaging Procedures. */
export const PROCEDURE_REPORTED = code('121058', 'DCM', 'Procedure reported');
/** CID 100: no breast-specific code exists; the breast is the Finding Site of each group. */
export const MULTIPARAMETRIC_MRI = code('126020', 'DCM', 'Multiparametric MRI');
/** TID 1600 Image Library and its groups (one per source series). */
export const IMAGE_LIBRARY = code('111028', 'DCM', 'Image Library');
export const IMAGE_LIBRARY_GROUP = code('126200', 'DCM', 'Image Library Group');
export const IMAGING_MEASUREMENTS = code('126010', 'DCM', 'Imaging Measurements');
/** TID 1411 / TID 1501 group container. */
export const MEASUREMENT_GROUP = code('125007', 'DCM', 'Measurement Group');
/** TID 1500 row 12: container for coded and text evaluations of the whole report. */
export const QUALITATIVE_EVALUATIONS = code('C0034375', 'UMLS', 'Qualitative Evaluations');

// --- TID 1411 Volumetric ROI Measurements ---------------------------------------------------

export const TRACKING_IDENTIFIER = code('112039', 'DCM', 'Tracking Identifier');
export const TRACKING_UNIQUE_IDENTIFIER = code('112040', 'DCM', 'Tracking Unique Identifier');
export const FINDING_CATEGORY = code('276214006', 'SCT', 'Finding category');
/** CID 7063 Finding Category value for a lesion. */
export const MORPHOLOGICALLY_ABNORMAL_STRUCTURE = code(
  '49755003',
  'SCT',
  'Morphologically abnormal structure',
);
export const FINDING = code('121071', 'DCM', 'Finding');
/** The intratumoral region: the lesion itself. */
export const NEOPLASM = code('108369006', 'SCT', 'Neoplasm');
export const FINDING_SITE = code('363698007', 'SCT', 'Finding Site');
export const BREAST = code('76752008', 'SCT', 'Breast');
/** CID 244 Laterality. */
export const LATERALITY = code('272741003', 'SCT', 'Laterality');
export const RIGHT = code('24028007', 'SCT', 'Right');
export const LEFT = code('7771000', 'SCT', 'Left');
export const REFERENCED_SEGMENT = code('121191', 'DCM', 'Referenced Segment');
export const SOURCE_SERIES_FOR_SEGMENTATION = code('121232', 'DCM', 'Source series for segmentation');

// --- TID 4019 Algorithm Identification ------------------------------------------------------

export const ALGORITHM_NAME = code('111001', 'DCM', 'Algorithm Name');
export const ALGORITHM_VERSION = code('111003', 'DCM', 'Algorithm Version');
export const ALGORITHM_PARAMETERS = code('111002', 'DCM', 'Algorithm Parameters');

// --- TID 300 measurement modifiers ----------------------------------------------------------

/** TID 300 row 4 (CID 3627, extensible): we code the image type (original, LoG, wavelet band). */
export const DERIVATION = code('121401', 'DCM', 'Derivation');
/** UCUM "no units" for unitless features and probabilities. */
export const NO_UNITS = code('1', 'UCUM', 'no units');

// --- IHE AI Results -------------------------------------------------------------------------

/** Purpose of Reference of an algorithm in ContributingEquipmentSequence (IHE AIR). */
export const PROCESSING_ALGORITHM = code('Newcode1', '99IHE', 'Processing Algorithm');

// --- Private scheme 99HER2 ------------------------------------------------------------------

/** Our private coding scheme designator (PS3.16 8.2: private schemes start with "99"). */
export const PRIVATE_SCHEME = '99HER2';

/** The peritumoral ring (no SNOMED CT concept for "3 mm peritumoral shell" exists). */
export const PERITUMORAL_REGION = code('PERITUMORAL', PRIVATE_SCHEME, 'Peritumoral region');
/** Qualitative evaluation concept: the predicted HER-2 status (no standard code is HER-2-specific). */
export const HER2_STATUS = code('HER2STATUS', PRIVATE_SCHEME, 'HER-2 status');
/**
 * Its values: SNOMED CT disorder concepts, as HL7's ICHOM breast cancer IG uses them for HER2
 * receptor status (ValueSet HER2ReceptorStatusVS, SNOMED CT International 2023-07-31).
 */
export const HER2_POSITIVE = code(
  '427685000',
  'SCT',
  'Human epidermal growth factor 2 positive carcinoma of breast',
);
export const HER2_NEGATIVE = code(
  '431396003',
  'SCT',
  'Human epidermal growth factor 2 negative carcinoma of breast',
);
export const PROBABILITY_HER2_POSITIVE = code('PROBHER2POS', PRIVATE_SCHEME, 'Probability of HER-2 positive');
export const DECISION_THRESHOLD = code('THRESHOLD', PRIVATE_SCHEME, 'Decision threshold');
/** HAS PROPERTIES on a feature NUM whose value lies outside the model's training range. */
export const TRAINING_RANGE = code('TRAINRANGE', PRIVATE_SCHEME, 'Relation to model training range');
export const OUTSIDE_TRAINING_RANGE = code('OUTSIDE', PRIVATE_SCHEME, 'Outside training range');
export const VALIDATED_PERFORMANCE = code('PERFORMANCE', PRIVATE_SCHEME, 'Validated model performance');
export const INTENDED_USE = code('INTENDEDUSE', PRIVATE_SCHEME, 'Intended use');
export const REGULATORY_STATUS = code('REGSTATUS', PRIVATE_SCHEME, 'Regulatory status');
export const MASK_TRANSFER = code('MASKTRANSFER', PRIVATE_SCHEME, 'Mask transfer');
export const SUPERSEDES = code('SUPERSEDES', PRIVATE_SCHEME, 'Supersedes earlier report');
/** The fixed text of the regulatory statement. */
export const RESEARCH_USE_ONLY_TEXT = 'Research use only. Not for clinical diagnosis.';

/** A feature's concept in the private scheme (features without an IBSI identifier). */
export function privateFeatureCode(name: string): Code {
  // SH limits Code Value to 16 characters; longer names keep their full text in the meaning.
  return code(name.length <= 16 ? name : `F${shortHash(name)}`, PRIVATE_SCHEME, name);
}

/** A feature's concept in the IBSI scheme. */
export function ibsiFeatureCode(ibsiCode: string, name: string): Code {
  return code(ibsiCode, 'IBSI', name);
}

/** The image type a feature was computed on (original, log-sigma-2-0-mm-3D, wavelet-LLH ...). */
export function imageTypeCode(imageType: string): Code {
  return code(imageType.length <= 16 ? imageType : `I${shortHash(imageType)}`, PRIVATE_SCHEME, imageType);
}

/** 15 hex digits of FNV-1a over the text: a stable short code for names longer than SH allows. */
function shortHash(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0').slice(0, 15).toUpperCase();
}

/** UCUM units we write, with their meanings; any other UCUM code is written with itself as meaning. */
const UNIT_MEANINGS: Record<string, string> = {
  '1': 'no units',
  mm: 'millimeter',
  mm2: 'square millimeter',
  mm3: 'cubic millimeter',
  'mm-1': 'per millimeter',
  'mm2/s': 'square millimeter per second',
  'um2/s': 'square micrometer per second',
  "[arb'U]": 'arbitrary unit',
};

export function unitCode(ucum: string): Code {
  return code(ucum, 'UCUM', UNIT_MEANINGS[ucum] ?? ucum);
}

/** Coding schemes that are not in PS3.16 Table 8-1 and must be declared in the header. */
export const CODING_SCHEME_DECLARATIONS = [
  {
    CodingSchemeDesignator: 'IBSI',
    CodingSchemeName: 'Image Biomarker Standardisation Initiative',
    CodingSchemeResponsibleOrganization: 'IBSI, https://theibsi.github.io',
  },
  {
    CodingSchemeDesignator: PRIVATE_SCHEME,
    CodingSchemeName: 'her2-radiomics private codes',
    CodingSchemeResponsibleOrganization: 'her2-radiomics project',
  },
] as const;
