import { describe, expect, it } from 'vitest';
import { expectClose, loadRFixture } from '../../test/fixtures/r/load.js';
import { type IccEstimate, type IccForm, intraclassCorrelations } from './icc.js';

interface RIcc {
  name: string;
  table: number[][];
  forms: Record<IccForm, IccEstimate>;
}

const cases = loadRFixture<RIcc[]>('icc.json');
const FORMS: IccForm[] = ['ICC1', 'ICC2', 'ICC3', 'ICC1k', 'ICC2k', 'ICC3k'];

describe.each(cases)('ICC against psych::ICC(lmer = FALSE): $name', (c) => {
  const result = intraclassCorrelations(c.table);

  it.each(FORMS)('%s: value, F, df, p and 95%% bounds', (form) => {
    const actual = result.forms[form];
    const expected = c.forms[form];
    for (const key of ['icc', 'f', 'df1', 'df2', 'p', 'lower', 'upper'] as const) {
      expectClose(actual[key], expected[key], `${form} ${key}`);
    }
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
