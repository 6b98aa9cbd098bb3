import { describe, expect, it } from 'vitest';
import { readFilterFixture, volumeOf } from '../../../test/support/filter-fixtures.js';
import type { Vec3 } from '../../volume/index.js';
import { type Lbp2DMethod, pyradiomicsLbp2D } from './lbp-2d.js';

interface LbpFixture {
  size: Vec3;
  input: number[];
  cases: {
    radius: number;
    samples: number;
    method: Lbp2DMethod;
    force2Ddimension: 0 | 1 | 2;
    response: (number | null)[];
  }[];
}

const f = readFilterFixture<LbpFixture>('lbp2d-pyradiomics.json');

describe('PyRadiomics LBP2D (against scikit-image local_binary_pattern by PyRadiomics recipe)', () => {
  for (const c of f.cases) {
    it(`R ${c.radius}, P ${c.samples}, ${c.method}, slices normal to numpy axis ${c.force2Ddimension}`, () => {
      const image = volumeOf(f.size, f.input, [0.7, 0.9, 2.5]);
      const result = pyradiomicsLbp2D(image, {
        radius: c.radius,
        samples: c.samples,
        method: c.method,
        force2Ddimension: c.force2Ddimension,
      });
      expect(result.images[0]!.name).toBe('lbp-2D');
      const got = result.images[0]!.volume.data;
      let mismatches = 0;
      for (const [n, want] of c.response.entries()) {
        const ok =
          want === null
            ? Number.isNaN(got[n])
            : Math.abs(got[n]! - want) <= 1e-9 * Math.max(1, Math.abs(want));
        if (!ok) mismatches++;
      }
      expect(mismatches).toBe(0);
    });
  }
});
