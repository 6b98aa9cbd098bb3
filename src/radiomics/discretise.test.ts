import { describe, expect, it } from 'vitest';
import { binCountEdges, binWidthEdges, discretise, pythonMod } from './discretise.js';

const py = { mode: 'pyradiomics' as const, binCount: null };

describe('PyRadiomics fixed bin width', () => {
  it('aligns edges to multiples of the width (values by hand)', () => {
    // W = 10, min 3 → lowBound 0, edges 0,10,20,30,40 (max 27 + 20 = 47 exclusive)
    expect(Array.from(binWidthEdges(3, 27, 10))).toEqual([0, 10, 20, 30, 40]);
    const d = discretise([3, 9.99, 10, 27, 20], { ...py, binWidth: 10 });
    expect(Array.from(d.levels)).toEqual([1, 1, 2, 3, 3]);
    expect(d.binCount).toBe(4);
  });

  it('floors for negative minima: lowBound −30 for min −25, W 10', () => {
    expect(pythonMod(-25, 10)).toBe(5); // Python: -25 % 10 == 5
    expect(binWidthEdges(-25, 4, 10)[0]).toBe(-30);
    // floor(x/10) − floor(−25/10) + 1: −25 → 1, −20 → 2, −0.5 → 3, 0 → 4, 4 → 4
    const d = discretise([-25, -20, -0.5, 0, 4], { ...py, binWidth: 10 });
    expect(Array.from(d.levels)).toEqual([1, 2, 3, 4, 4]);
  });

  it('IBSI phantom levels 1..6 stay unchanged with binWidth 1 (README)', () => {
    const d = discretise([1, 3, 4, 6, 6, 1], { ...py, binWidth: 1 });
    expect(Array.from(d.levels)).toEqual([1, 3, 4, 6, 6, 1]);
  });

  it('a flat ROI is one level', () => {
    const d = discretise([7, 7, 7], { ...py, binWidth: 25 });
    expect(Array.from(d.levels)).toEqual([1, 1, 1]);
    expect(Array.from(d.edges!)).toEqual([0, 25, 50]); // arange(0, 57, 25)
  });
});

describe('PyRadiomics fixed bin count', () => {
  it('uses numpy.histogram edges with the last edge + 1', () => {
    // min 0, max 10, 4 bins: edges 0, 2.5, 5, 7.5, 11
    expect(Array.from(binCountEdges(0, 10, 4))).toEqual([0, 2.5, 5, 7.5, 11]);
    const d = discretise([0, 2.5, 4.9, 7.5, 10], { ...py, binWidth: 25, binCount: 4 });
    expect(Array.from(d.levels)).toEqual([1, 2, 2, 4, 4]);
    expect(d.binCount).toBe(4);
  });

  it('handles negative values and a flat ROI (±0.5 as numpy)', () => {
    const d = discretise([-4, -1, 2], { ...py, binWidth: 25, binCount: 3 });
    expect(Array.from(d.levels)).toEqual([1, 2, 3]);
    const flat = discretise([5, 5], { ...py, binWidth: 25, binCount: 2 });
    expect(Array.from(flat.edges!)).toEqual([4.5, 5, 6.5]);
    expect(Array.from(flat.levels)).toEqual([2, 2]);
  });
});

describe('IBSI discretisation', () => {
  it('fixed bin size starts at the ROI minimum (not at a multiple of W)', () => {
    // W 10, min −25: −25 → 1, −15.1 → 1, −15 → 2, 4 → 3; PyRadiomics would give 1, 2, 2, 4
    const d = discretise([-25, -15.1, -15, 4], { mode: 'ibsi', binWidth: 10, binCount: null });
    expect(Array.from(d.levels)).toEqual([1, 1, 2, 3]);
    expect(d.binCount).toBe(3);
  });

  it('fixed bin size starts at the re-segmentation lower bound when given', () => {
    const d = discretise([-25, 4], { mode: 'ibsi', binWidth: 10, binCount: null, lowerBound: -100 });
    expect(Array.from(d.levels)).toEqual([8, 11]);
    expect(d.binCount).toBe(11);
  });

  it('fixed bin number puts the maximum in the last bin', () => {
    const d = discretise([-2, 0, 1, 2], { mode: 'ibsi', binWidth: 1, binCount: 4 });
    // N_g (x − min)/(max − min) = 0, 2, 3, 4 → 1, 3, 4, 4
    expect(Array.from(d.levels)).toEqual([1, 3, 4, 4]);
    const phantom = discretise([1, 3, 4, 6], { mode: 'ibsi', binWidth: 1, binCount: 6 });
    // IBSI README: 6 bins over 1..6 leave 1,3,4,6 nearly unchanged: (x−1)·6/5 → 0, 2.4, 3.6, 6
    expect(Array.from(phantom.levels)).toEqual([1, 3, 4, 6]);
  });
});
