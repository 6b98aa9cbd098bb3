import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { phantomInputs } from './phantom.js';
import { type IbsiComputation, resolveReferenceRow } from './reference-mapping.js';
import { parseIbsiReferenceCsv, roundToSignificant, withinTolerance } from './reference-values.js';

// CI clones the repository beside shared/, so shared/ is found relative to the repository root.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ibsiDir = path.join(path.resolve(repoRoot, '../shared'), 'reference/ibsi1');
const rows = parseIbsiReferenceCsv(readFileSync(path.join(ibsiDir, 'reference_values.csv'), 'utf8'));
const phantom = phantomInputs(JSON.parse(readFileSync(path.join(ibsiDir, 'digital_phantom.json'), 'utf8')));

const label = (row: (typeof rows)[number]) =>
  `${row.family} / ${row.featureName} (${row.ibsiCode}) / ${row.aggregation}`;
const mapped: { row: (typeof rows)[number]; computation: IbsiComputation }[] = [];
const unmapped: string[] = [];
for (const row of rows) {
  const resolved = resolveReferenceRow(row);
  if ('unmappedReason' in resolved) unmapped.push(`${label(row)}: ${resolved.unmappedReason}`);
  else mapped.push({ row, computation: resolved });
}
let passed = 0;

describe('IBSI 1 digital phantom reference values', () => {
  it('reads all 482 reference rows', () => {
    expect(rows).toHaveLength(482);
  });

  for (const { row, computation } of mapped) {
    it(`${label(row)} = ${row.value} ± ${row.tolerance} via ${computation.description}`, () => {
      const value = computation.compute(phantom);
      expect(
        withinTolerance(value, row),
        `computed ${value} (rounded ${roundToSignificant(value)}), reference ${row.value} ± ${row.tolerance}`,
      ).toBe(true);
      passed++;
    });
  }

  afterAll(() => {
    const report = [
      `IBSI phantom: ${passed}/${rows.length} within tolerance (${mapped.length} mapped)`,
      `Unreached rows (${unmapped.length}):`,
      ...unmapped.map((line) => `  ${line}`),
    ];
    // biome-ignore lint/suspicious/noConsole: the coverage summary is this test's report to the reader.
    console.log(report.join('\n'));
  });
});
