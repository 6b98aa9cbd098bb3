import type { ContentItem } from './content-item.js';

/**
 * The report's tree checked against a written specification: each node's parent, relationship,
 * value type, concept (literal codes copied from PS3.16 TID 1500/1411/1419/1501/4019/1204/1002/1600,
 * IHE AIR and the sr-tid1500 design note — deliberately not imported from codes.ts, so a typo
 * there fails here) and how often it may occur under one parent. The tree is read back from the
 * written bytes by the callers, so the check covers the encoding too. Test support, shared by
 * the SR builder's tests and the study analysis' tests.
 */

type Cardinality = '1' | '0-1' | '1-n' | '0-n';

interface SpecRow {
  id: string;
  parent: string | null;
  relationship: string | null;
  valueType: string;
  /** [CodeValue, CodingSchemeDesignator], null = no concept name, 'feature' = an IBSI or 99HER2 feature code. */
  concept: [string, string] | null | 'feature';
  template?: string;
  /** For measurement groups: the form of their Tracking Identifier (tells the two kinds apart). */
  tracking?: RegExp;
  cardinality: Cardinality;
  /** For CODE items: the allowed values. */
  values?: [string, string][];
}

const GROUP = /^Lesion \d+ (T2W|DWI|ADC|DCE) (intratumoral|peritumoral)$/;
const PREDICTION = /^Lesion \d+ HER-2 prediction$/;

/** The TID 1411 rows shared by both kinds of group (PS3.16 TID 1411 rows 1-12, TID 4019). */
function regionRows(g: string): SpecRow[] {
  // biome-ignore format: one row per line reads as the table it is
  return [
    { id: `${g}.tracking`, parent: g, relationship: 'HAS OBS CONTEXT', valueType: 'TEXT', concept: ['112039', 'DCM'], cardinality: '1' },
    { id: `${g}.trackingUid`, parent: g, relationship: 'HAS OBS CONTEXT', valueType: 'UIDREF', concept: ['112040', 'DCM'], cardinality: '1' },
    { id: `${g}.category`, parent: g, relationship: 'CONTAINS', valueType: 'CODE', concept: ['276214006', 'SCT'], cardinality: '0-1', values: [['49755003', 'SCT']] },
    { id: `${g}.finding`, parent: g, relationship: 'CONTAINS', valueType: 'CODE', concept: ['121071', 'DCM'], cardinality: '0-1', values: [['108369006', 'SCT'], ['PERITUMORAL', '99HER2']] },
    { id: `${g}.site`, parent: g, relationship: 'HAS CONCEPT MOD', valueType: 'CODE', concept: ['363698007', 'SCT'], cardinality: '0-1', values: [['76752008', 'SCT']] },
    { id: `${g}.laterality`, parent: `${g}.site`, relationship: 'HAS CONCEPT MOD', valueType: 'CODE', concept: ['272741003', 'SCT'], cardinality: '0-1', values: [['24028007', 'SCT'], ['7771000', 'SCT']] },
    { id: `${g}.algorithmName`, parent: g, relationship: 'HAS CONCEPT MOD', valueType: 'TEXT', concept: ['111001', 'DCM'], cardinality: '1' },
    { id: `${g}.algorithmVersion`, parent: g, relationship: 'HAS CONCEPT MOD', valueType: 'TEXT', concept: ['111003', 'DCM'], cardinality: '1' },
    { id: `${g}.algorithmParameters`, parent: g, relationship: 'HAS CONCEPT MOD', valueType: 'TEXT', concept: ['111002', 'DCM'], cardinality: '0-n' },
    { id: `${g}.segment`, parent: g, relationship: 'CONTAINS', valueType: 'IMAGE', concept: ['121191', 'DCM'], cardinality: '1' },
    { id: `${g}.sourceSeries`, parent: g, relationship: 'CONTAINS', valueType: 'UIDREF', concept: ['121232', 'DCM'], cardinality: '0-1' },
  ];
}

// biome-ignore format: one row per line reads as the table it is
const SPEC: SpecRow[] = [
  { id: 'root', parent: null, relationship: null, valueType: 'CONTAINER', concept: ['126000', 'DCM'], template: '1500', cardinality: '1' },
  { id: 'language', parent: 'root', relationship: 'HAS CONCEPT MOD', valueType: 'CODE', concept: ['121049', 'DCM'], cardinality: '1', values: [['en-US', 'RFC5646']] },
  { id: 'observerType', parent: 'root', relationship: 'HAS OBS CONTEXT', valueType: 'CODE', concept: ['121005', 'DCM'], cardinality: '1', values: [['121007', 'DCM']] },
  { id: 'deviceUid', parent: 'root', relationship: 'HAS OBS CONTEXT', valueType: 'UIDREF', concept: ['121012', 'DCM'], cardinality: '1' },
  { id: 'deviceName', parent: 'root', relationship: 'HAS OBS CONTEXT', valueType: 'TEXT', concept: ['121013', 'DCM'], cardinality: '0-1' },
  { id: 'deviceManufacturer', parent: 'root', relationship: 'HAS OBS CONTEXT', valueType: 'TEXT', concept: ['121014', 'DCM'], cardinality: '0-1' },
  { id: 'deviceModel', parent: 'root', relationship: 'HAS OBS CONTEXT', valueType: 'TEXT', concept: ['121015', 'DCM'], cardinality: '0-1' },
  { id: 'procedure', parent: 'root', relationship: 'HAS CONCEPT MOD', valueType: 'CODE', concept: ['121058', 'DCM'], cardinality: '1', values: [['126020', 'DCM']] },
  { id: 'library', parent: 'root', relationship: 'CONTAINS', valueType: 'CONTAINER', concept: ['111028', 'DCM'], cardinality: '1' },
  { id: 'libraryGroup', parent: 'library', relationship: 'CONTAINS', valueType: 'CONTAINER', concept: ['126200', 'DCM'], cardinality: '1-n' },
  { id: 'libraryImage', parent: 'libraryGroup', relationship: 'CONTAINS', valueType: 'IMAGE', concept: null, cardinality: '1-n' },
  { id: 'measurements', parent: 'root', relationship: 'CONTAINS', valueType: 'CONTAINER', concept: ['126010', 'DCM'], cardinality: '1' },
  { id: 'g1411', parent: 'measurements', relationship: 'CONTAINS', valueType: 'CONTAINER', concept: ['125007', 'DCM'], template: '1411', tracking: GROUP, cardinality: '1-n' },
  ...regionRows('g1411'),
  { id: 'g1411.feature', parent: 'g1411', relationship: 'CONTAINS', valueType: 'NUM', concept: 'feature', cardinality: '1-n' },
  { id: 'feature.derivation', parent: 'g1411.feature', relationship: 'HAS CONCEPT MOD', valueType: 'CODE', concept: ['121401', 'DCM'], cardinality: '1' },
  { id: 'feature.range', parent: 'g1411.feature', relationship: 'HAS CONCEPT MOD', valueType: 'CODE', concept: ['TRAINRANGE', '99HER2'], cardinality: '0-1', values: [['OUTSIDE', '99HER2']] },
  { id: 'prediction', parent: 'measurements', relationship: 'CONTAINS', valueType: 'CONTAINER', concept: ['125007', 'DCM'], template: '1411', tracking: PREDICTION, cardinality: '1' },
  ...regionRows('prediction'),
  { id: 'prediction.probability', parent: 'prediction', relationship: 'CONTAINS', valueType: 'NUM', concept: ['PROBHER2POS', '99HER2'], cardinality: '1' },
  { id: 'prediction.threshold', parent: 'prediction', relationship: 'CONTAINS', valueType: 'NUM', concept: ['THRESHOLD', '99HER2'], cardinality: '1' },
  { id: 'prediction.status', parent: 'prediction', relationship: 'CONTAINS', valueType: 'CODE', concept: ['HER2STATUS', '99HER2'], cardinality: '1', values: [['427685000', 'SCT'], ['431396003', 'SCT']] },
  { id: 'evaluations', parent: 'root', relationship: 'CONTAINS', valueType: 'CONTAINER', concept: ['C0034375', 'UMLS'], cardinality: '1' },
  { id: 'intendedUse', parent: 'evaluations', relationship: 'CONTAINS', valueType: 'TEXT', concept: ['INTENDEDUSE', '99HER2'], cardinality: '1' },
  { id: 'regulatory', parent: 'evaluations', relationship: 'CONTAINS', valueType: 'TEXT', concept: ['REGSTATUS', '99HER2'], cardinality: '1' },
  { id: 'performance', parent: 'evaluations', relationship: 'CONTAINS', valueType: 'TEXT', concept: ['PERFORMANCE', '99HER2'], cardinality: '1-n' },
  { id: 'maskTransfer', parent: 'evaluations', relationship: 'CONTAINS', valueType: 'TEXT', concept: ['MASKTRANSFER', '99HER2'], cardinality: '0-n' },
  { id: 'supersedes', parent: 'evaluations', relationship: 'CONTAINS', valueType: 'TEXT', concept: ['SUPERSEDES', '99HER2'], cardinality: '0-1' },
];

function matches(row: SpecRow, item: ContentItem): boolean {
  if (row.valueType !== item.valueType) return false;
  if (row.template !== undefined && (item.valueType !== 'CONTAINER' || item.template !== row.template))
    return false;
  if (row.tracking) {
    const tracking = item.children?.find((c) => c.concept?.value === '112039');
    if (tracking?.valueType !== 'TEXT' || !row.tracking.test(tracking.value)) return false;
  }
  if (row.concept === null) return item.concept === undefined;
  if (row.concept === 'feature') {
    return item.concept !== undefined && (item.concept.scheme === 'IBSI' || item.concept.scheme === '99HER2');
  }
  return item.concept?.value === row.concept[0] && item.concept.scheme === row.concept[1];
}

/** Checks one node's children against the spec rows whose parent is `rowId`; returns the problems. */
function check(item: ContentItem, rowId: string, path: string, problems: string[]): void {
  const rows = SPEC.filter((r) => r.parent === rowId);
  const counts = new Map<string, number>();
  (item.children ?? []).forEach((child, n) => {
    const where = `${path}/${n + 1}`;
    const row = rows.find((r) => matches(r, child));
    if (!row) {
      problems.push(
        `${where}: ${child.valueType} ${child.concept?.value ?? '(no concept)'} is not in the specification under ${rowId}`,
      );
      return;
    }
    counts.set(row.id, (counts.get(row.id) ?? 0) + 1);
    if ((child.relationship ?? null) !== row.relationship) {
      problems.push(
        `${where} (${row.id}): relationship ${child.relationship} instead of ${row.relationship}`,
      );
    }
    if (row.values && child.valueType === 'CODE') {
      const ok = row.values.some(([v, s]) => child.value.value === v && child.value.scheme === s);
      if (!ok)
        problems.push(`${where} (${row.id}): value ${child.value.value}/${child.value.scheme} not allowed`);
    }
    check(child, row.id, where, problems);
  });
  for (const row of rows) {
    const count = counts.get(row.id) ?? 0;
    const ok =
      row.cardinality === '1'
        ? count === 1
        : row.cardinality === '0-1'
          ? count <= 1
          : row.cardinality === '1-n'
            ? count >= 1
            : true;
    if (!ok)
      problems.push(
        `${path} (${rowId}): ${row.id} occurs ${count} times, specification says ${row.cardinality}`,
      );
  }
}

export function checkTree(root: ContentItem): string[] {
  const problems: string[] = [];
  const rootRow = SPEC[0]!;
  if (!matches(rootRow, root)) problems.push('root is not the TID 1500 container');
  check(root, 'root', 'root', problems);
  return problems;
}
