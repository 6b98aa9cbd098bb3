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
  it('ranks patients by 1.2 × oedema + 1.2 × vascular + 0.6 × intratumoral latent score', () => {
    // Scores: cases 1.2·1 + 1.2·(−0.5) + 0 = 0.6 and 0 + 0 + 0.6·(−1) = −0.6;
    // controls 1.2·0.4 = 0.48 and 1.2·(−1) + 0.6·1 = −0.6 (a tie with the second case).
    // Pairs won by cases: (0.6 > 0.48), (0.6 > −0.6), (−0.6 = −0.6 → ½), (−0.6 < 0.48 → 0) = 2.5 of 4.
    // Forgetting the vascular term (first case 1.2, second control 0.6) gives 2 of 4; forgetting the
    // intratumoral term (second case 0, second control −1.2) gives 3 of 4.
    const auc = sampleOracleAuc([
      { label: 1, latentOedema: 1, latentVascular: -0.5, latentIntratumoral: 0 },
      { label: 1, latentOedema: 0, latentVascular: 0, latentIntratumoral: -1 },
      { label: 0, latentOedema: 0.4, latentVascular: 0, latentIntratumoral: 0 },
      { label: 0, latentOedema: 0, latentVascular: -1, latentIntratumoral: 1 },
    ]);
    expect(auc).toBe(0.625);
  });
});

describe('checkStudy', () => {
  it('says whether all_peri has the highest external AUC and whether the oracle lies in its CI', () => {
    const wins = checkStudy(
      metricsWith({ t2_peri: [0.7, 0.55, 0.85], all_peri: [0.74, 0.6, 0.88], all_intra: [0.66, 0.5, 0.8] }),
      0.79,
    );
    expect(wins).toMatchObject({
      highest: true,
      consistentWithOracle: true,
      oracleInsideCi: true,
      runnerUp: { name: 't2_peri' },
    });
    const loses = checkStudy(
      metricsWith({ all_intra: [0.75, 0.6, 0.9], all_peri: [0.62, 0.48, 0.76] }),
      0.79,
    );
    // 0.79 is above the CI 0.48–0.76: below the ceiling (consistent), but not inside the CI.
    expect(loses).toMatchObject({
      highest: false,
      consistentWithOracle: true,
      oracleInsideCi: false,
      runnerUp: { auc: 0.75 },
    });
    // An AUC whose CI lies wholly above the oracle is not consistent with it (a leak).
    const leaks = checkStudy(metricsWith({ all_peri: [0.95, 0.9, 1], t2_peri: [0.7, 0.55, 0.85] }), 0.85);
    expect(leaks).toMatchObject({ highest: true, consistentWithOracle: false, oracleInsideCi: false });
  });
});
