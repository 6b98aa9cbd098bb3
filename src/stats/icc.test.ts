import { describe, expect, it } from 'vitest';
import { expectClose, loadRFixture } from '../../test/fixtures/r/load.js';
import { intraclassCorrelations } from './icc.js';

interface RIcc {
  name: string;
  table: number[][];
  icc: Record<'ICC1' | 'ICC2' | 'ICC3' | 'ICC1k' | 'ICC2k' | 'ICC3k', number>;
  f: Record<'ICC1' | 'ICC2' | 'ICC3' | 'ICC1k' | 'ICC2k' | 'ICC3k', number>;
}

const cases = loadRFixture<RIcc[]>('icc.json');

describe.each(cases)('ICC against psych::ICC: $name', (c) => {
  it('all six Shrout-Fleiss forms and their F statistics', () => {
    const r = intraclassCorrelations(c.table);
    expectClose(r.icc1, c.icc.ICC1, 'ICC1');
    expectClose(r.icc2, c.icc.ICC2, 'ICC2');
    expectClose(r.icc3, c.icc.ICC3, 'ICC3');
    expectClose(r.icc1k, c.icc.ICC1k, 'ICC1k');
    expectClose(r.icc2k, c.icc.ICC2k, 'ICC2k');
    expectClose(r.icc3k, c.icc.ICC3k, 'ICC3k');
    expectClose(r.fOneWay, c.f.ICC1, 'F one-way');
    expectClose(r.fTwoWay, c.f.ICC2, 'F two-way');
  });
});

it('rejects a ragged table', () => {
  expect(() =>
    intraclassCorrelations([
      [1, 2],
      [3, 4, 5],
    ]),
  ).toThrow(expect.objectContaining({ code: 'stats_icc_shape' }));
});
