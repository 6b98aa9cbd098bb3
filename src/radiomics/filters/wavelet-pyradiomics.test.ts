import { describe, expect, it } from 'vitest';
import {
  maxAbs,
  maxAbsDifference,
  readFilterFixture,
  seededRandom,
  volumeOf,
} from '../../../test/support/filter-fixtures.js';
import { WAVELET_NAMES, waveletFilters } from './wavelet-filters.js';
import { inverseSwtLevel1, pyradiomicsWavelet, swtLevel1 } from './wavelet-pyradiomics.js';

interface WaveletCase {
  wavelet: string;
  level: number;
  startLevel: number;
  force2Ddimension: 0 | 1 | 2 | null;
  size: [number, number, number];
  input: number[];
  bands: Record<string, number[]>;
}

const fixture = readFilterFixture<{ cases: WaveletCase[] }>('wavelet-pyradiomics.json');

describe('PyRadiomics wavelet (against PyWavelets via PyRadiomics _swt3)', () => {
  for (const c of fixture.cases) {
    it(`${c.wavelet} level ${c.level} start ${c.startLevel} on ${c.size.join('×')}, 2-D axis ${c.force2Ddimension}`, () => {
      const result = pyradiomicsWavelet(volumeOf(c.size, c.input, [0.7, 0.9, 3]), {
        wavelet: c.wavelet,
        level: c.level,
        startLevel: c.startLevel,
        force2Ddimension: c.force2Ddimension,
      });
      expect(result.images.map((im) => im.name).sort()).toEqual(Object.keys(c.bands).sort());
      for (const image of result.images) {
        const expected = c.bands[image.name]!;
        const tolerance = 1e-6 * maxAbs(expected);
        expect(maxAbsDifference(image.volume.data, expected, c.size), image.name).toBeLessThanOrEqual(
          tolerance,
        );
        expect(image.volume.geometry.spacing).toEqual([0.7, 0.9, 3]);
      }
    });
  }
});

describe('stationary transform', () => {
  it('reconstructs random volumes exactly for every tabulated wavelet', () => {
    const size = [8, 6, 10] as const;
    const random = seededRandom(7);
    const x = Float64Array.from({ length: 480 }, () => random() * 200 - 50);
    for (const name of WAVELET_NAMES) {
      const w = waveletFilters(name);
      const back = inverseSwtLevel1(swtLevel1(x, size, w), size, w);
      expect(maxAbsDifference(back, x, size), name).toBeLessThan(1e-9 * maxAbs(x));
    }
  });

  it('has orthonormal low-pass filters (Σh = √2, Σh² = 1; the tables carry ~1e-12 precision)', () => {
    for (const name of WAVELET_NAMES) {
      const h = waveletFilters(name).lowPass;
      expect(
        h.reduce((s, v) => s + v, 0),
        name,
      ).toBeCloseTo(Math.SQRT2, 10);
      expect(
        h.reduce((s, v) => s + v * v, 0),
        name,
      ).toBeCloseTo(1, 10);
    }
  });

  it('rejects an unknown wavelet by name', () => {
    expect(() => waveletFilters('bior1.3')).toThrow(/unknown wavelet "bior1.3"/);
  });
});
