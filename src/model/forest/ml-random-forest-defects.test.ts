import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';

/**
 * Why we do not use ml-random-forest 2.1.0 (a dependency named in the design): these tests pin the
 * defects that would make its probabilities and forests wrong for us. If one starts failing after
 * an upgrade, the defect is fixed and the decision can be revisited.
 */
describe('ml-random-forest 2.1.0 defects', () => {
  // Two well separated classes: every tree, whatever its sample, predicts the right class.
  const rows = Array.from({ length: 40 }, (_, i) => [i < 20 ? i : i + 100, i % 3, (i * 7) % 5]);
  const labels = rows.map((_, i) => (i < 20 ? 0 : 1));
  const baseOptions = {
    seed: 3,
    maxFeatures: 1.0,
    replacement: false,
    useSampleBagging: true,
    nEstimators: 10,
    noOOB: true, // its OOB code crashes (mode of an empty array) when a row is in every bag
  };

  it('predictProbability drops the first tree vote (ten unanimous trees give 0.900001)', () => {
    const forest = new RandomForestClassifier(baseOptions);
    forest.train(rows, labels);
    expect(forest.predict([[150, 0, 0]])).toEqual([1]);
    // Array.reduce without an initial value starts from the first tree's raw vote (the label 1)
    // instead of 1e6/10, so a unanimous 1.0 comes out as 0.900001 — and as 0.9 for label 0.
    expect(forest.predictProbability([[150, 0, 0]], 1)).toEqual([0.900001]);
    expect(forest.predictProbability([[0, 0, 0]], 0)).toEqual([0.9]);
  });

  it('samples features once per tree instead of at every split', () => {
    // maxFeatures 0.34 of 3 features → each tree gets one column for all its splits.
    const forest = new RandomForestClassifier({ ...baseOptions, maxFeatures: 0.34 });
    forest.train(rows, labels);
    const indexes = (forest as unknown as { indexes: number[][] }).indexes;
    expect(indexes).toHaveLength(10);
    for (const used of indexes) expect(used).toHaveLength(1);
  });

  it('maxSamples keeps the first rows instead of sampling', () => {
    // The first half of the rows are all class 0: with maxSamples 0.5 the forest never sees class 1.
    const forest = new RandomForestClassifier({ ...baseOptions, maxSamples: 0.5 } as typeof baseOptions);
    forest.train(rows, labels);
    expect(
      forest.predict([
        [150, 0, 0],
        [130, 1, 1],
      ]),
    ).toEqual([0, 0]);
  });

  it('has no class weights (an unknown classWeight option is silently ignored)', () => {
    const plain = new RandomForestClassifier(baseOptions);
    plain.train(rows, labels);
    const weighted = new RandomForestClassifier({
      ...baseOptions,
      classWeight: { 1: 100 },
    } as typeof baseOptions);
    weighted.train(rows, labels);
    expect(JSON.stringify(weighted.toJSON())).toBe(JSON.stringify(plain.toJSON()));
  });
});
