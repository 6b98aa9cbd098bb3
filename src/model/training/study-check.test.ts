import { describe, expect, it } from 'vitest';
import { checkStudy, sampleOracleAuc } from './study-check.js';
import type { StudyMetrics } from './train-study.js';

/** Metrics with only what checkStudy reads: each model's external-test AUC and CI. */
function metricsWith(aucs: Record<string, [number, number, number]>): StudyMetrics {
  return {
    models: Object.entries(aucs).map(([name, [auc, lower, upper]]) => ({
      name,
      cohorts: [{ split: 'test', label: 'External test', evaluation: { auc, auc_ci: [lower, upper] } }],
    })),
  } as unknown as StudyMetrics;
}

describe('sampleOracleAuc', () => {
  it('ranks patients by 1.0 × peritumoral + 0.6 × intratumoral latent score', () => {
    // Scores: case 1.0·1 + 0.6·0 = 1.0, case 0 + 0.6·(−1) = −0.6; controls 0.5 and −1.
    // Pairs won by cases: (1.0 > 0.5), (1.0 > −1), (−0.6 > −1) = 3 of 4.
    const auc = sampleOracleAuc([
      { label: 1, latentPeritumoral: 1, latentIntratumoral: 0 },
      { label: 1, latentPeritumoral: 0, latentIntratumoral: -1 },
      { label: 0, latentPeritumoral: 0.5, latentIntratumoral: 0 },
      { label: 0, latentPeritumoral: -1, latentIntratumoral: 0 },
    ]);
    expect(auc).toBe(0.75);
  });
});

describe('checkStudy', () => {
  it('says whether all_peri has the highest external AUC and whether the oracle lies in its CI', () => {
    const wins = checkStudy(
      metricsWith({ t2_peri: [0.7, 0.55, 0.85], all_peri: [0.74, 0.6, 0.88], all_intra: [0.66, 0.5, 0.8] }),
      0.79,
    );
    expect(wins).toMatchObject({ highest: true, consistentWithOracle: true, runnerUp: { name: 't2_peri' } });
    const loses = checkStudy(
      metricsWith({ all_intra: [0.75, 0.6, 0.9], all_peri: [0.62, 0.48, 0.76] }),
      0.79,
    );
    expect(loses).toMatchObject({ highest: false, consistentWithOracle: false, runnerUp: { auc: 0.75 } });
  });
});
