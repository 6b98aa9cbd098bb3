import { beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from './content-item.js';
import { buildSrFixture } from './measurement-report.fixture.js';
import { MeasurementReport } from './measurement-report.js';
import { readContentTree, readDataset } from './reader.js';
import { checkTree } from './tid1500-spec.fixture.js';

/** The report's tree checked against the written specification in tid1500-spec.fixture.ts. */

describe('TID 1500 tree against the written specification', () => {
  let tree: ContentItem;
  let withPredecessor: ContentItem;
  beforeAll(() => {
    const { input } = buildSrFixture(1);
    tree = readContentTree(readDataset(new MeasurementReport(input).toBytes()));
    const superseding = new MeasurementReport({
      ...input,
      supersedes: {
        studyInstanceUid: input.study.studyInstanceUid,
        seriesInstanceUid: '2.25.77',
        sopInstanceUid: '2.25.78',
        sopClassUid: '1.2.840.10008.5.1.4.1.1.88.34',
      },
    });
    withPredecessor = readContentTree(readDataset(superseding.toBytes()));
  });

  it('has every specified node, with the specified relationship, value type, parent and values', () => {
    expect(checkTree(tree)).toEqual([]);
    expect(checkTree(withPredecessor)).toEqual([]);
  });

  it('has one TID 1411 group per lesion x sequence x region and every feature as a NUM', () => {
    const measurements = tree.children!.find((c) => c.concept?.value === '126010')!;
    const groups = measurements.children!.filter((c) =>
      c.children!.some((g) => g.valueType === 'NUM' && g.concept!.scheme === 'IBSI'),
    );
    expect(groups).toHaveLength(6);
    for (const g of groups) expect(g.children!.filter((c) => c.valueType === 'NUM')).toHaveLength(6);
  });

  it('detects a tree that breaks the specification (the checker can fail)', () => {
    const broken: ContentItem = {
      ...tree,
      children: tree
        .children!.filter((c) => c.concept?.value !== '121058')
        .map((c) => (c.concept?.value === '121049' ? { ...c, relationship: 'HAS PROPERTIES' as const } : c)),
    };
    const problems = checkTree(broken);
    expect(problems.some((p) => p.includes('procedure occurs 0 times'))).toBe(true);
    expect(problems.some((p) => p.includes('relationship HAS PROPERTIES'))).toBe(true);
  });
});
