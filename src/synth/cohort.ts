import type { Centre, Her2Status } from './patient.js';
import { createRandom } from './random.js';

/**
 * The cohort design of Cao et al. (2025): 266 patients; centre 1 = 199, split 140 training /
 * 59 internal validation stratified by HER-2 status; centre 2 = 67 external test.
 */
export type Split = 'train' | 'validation' | 'test';

export interface CohortDesign {
  name: string;
  centre1: number;
  train: number;
  centre2: number;
  /** Fraction of HER-2-positive patients (the same in every centre and split, up to rounding). */
  prevalence: number;
}

export const CAO2025: CohortDesign = {
  name: 'cao2025',
  centre1: 199,
  train: 140,
  centre2: 67,
  prevalence: 0.3,
};

/**
 * The design scaled to `patients` in total, keeping the study's proportions (centre 1 : centre 2 and
 * training : internal validation), for quick runs. Each split keeps at least two patients so every
 * cohort can hold both labels.
 */
export function scaleDesign(design: CohortDesign, patients: number): CohortDesign {
  const total = design.centre1 + design.centre2;
  if (!Number.isInteger(patients) || patients < 6 || patients > total) {
    throw new RangeError(`patients must be a whole number from 6 to ${total}, found ${patients}`);
  }
  if (patients === total) return design;
  const centre1 = Math.max(4, Math.min(patients - 2, Math.round((patients * design.centre1) / total)));
  const train = Math.max(2, Math.min(centre1 - 2, Math.round((centre1 * design.train) / design.centre1)));
  return { ...design, centre1, train, centre2: patients - centre1 };
}

export interface CohortMember {
  index: number;
  centre: Centre;
  split: Split;
  her2: Her2Status;
}

/** Labels and splits for every patient; deterministic in the seed. */
export function planCohort(design: CohortDesign, seed: string | number): CohortMember[] {
  if (!(design.prevalence > 0 && design.prevalence < 1)) {
    throw new RangeError(`prevalence must be between 0 and 1, found ${design.prevalence}`);
  }
  const random = createRandom(`${seed}/cohort`);
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };
  const labels = (n: number): Her2Status[] => {
    const positives = Math.round(n * design.prevalence);
    return shuffle([...Array(positives).fill('positive'), ...Array(n - positives).fill('negative')]);
  };
  const members: CohortMember[] = [];
  // Centre 1: label each patient, then split each label group 140:59 (stratified).
  const centre1 = labels(design.centre1);
  const trainPositives = Math.round(
    (design.train * centre1.filter((l) => l === 'positive').length) / design.centre1,
  );
  const trainNegatives = design.train - trainPositives;
  let seenPositive = 0;
  let seenNegative = 0;
  centre1.forEach((her2) => {
    const inTrain = her2 === 'positive' ? seenPositive++ < trainPositives : seenNegative++ < trainNegatives;
    members.push({ index: members.length + 1, centre: 1, split: inTrain ? 'train' : 'validation', her2 });
  });
  for (const her2 of labels(design.centre2))
    members.push({ index: members.length + 1, centre: 2, split: 'test', her2 });
  return members;
}
