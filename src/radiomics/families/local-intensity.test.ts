import { describe, expect, it } from 'vitest';
import { localIntensityFamily, PEAK_RADIUS_MM } from './local-intensity.js';

describe('local intensity', () => {
  it('has the radius of a 1 cm³ sphere', () => {
    expect((4 / 3) * Math.PI * PEAK_RADIUS_MM ** 3).toBeCloseTo(1000, 9);
  });

  it('averages every image voxel within the radius, inside or outside the ROI', () => {
    // 7×1×1 row, spacing 2.5 mm: radius 6.2 mm reaches 2 voxels each side (5 mm), not 3 (7.5 mm).
    // Intensities 0 0 10 20 0 0 90; ROI = voxels 2 and 3 only.
    const image = Float64Array.of(0, 0, 10, 20, 0, 0, 90);
    const mask = Uint8Array.of(0, 0, 1, 1, 0, 0, 0);
    const out = localIntensityFamily.compute({ size: [7, 1, 1], spacing: [2.5, 2.5, 2.5], image, mask }, [
      'LocalIntensityPeak',
      'GlobalIntensityPeak',
    ]);
    // Maximum ROI voxel is 3 (20): voxels 1..5 → (0 + 10 + 20 + 0 + 0) / 5 = 6.
    expect(out.LocalIntensityPeak).toBeCloseTo(6, 12);
    // Voxel 2: voxels 0..4 → 30 / 5 = 6; voxel 3 → 6: global peak 6. The 90 is out of reach.
    expect(out.GlobalIntensityPeak).toBeCloseTo(6, 12);
  });

  it('includes the far voxel once it is within reach, truncating the sphere at the image edge', () => {
    // Same row, spacing 2 mm: 3 voxels each side (6 mm ≤ 6.2 mm). Voxel 3 sees 0..6 → 120 / 7;
    // voxel 2 sees 0..5 (truncated at the left edge) → 30 / 6 = 5.
    const image = Float64Array.of(0, 0, 10, 20, 0, 0, 90);
    const mask = Uint8Array.of(0, 0, 1, 1, 0, 0, 0);
    const out = localIntensityFamily.compute({ size: [7, 1, 1], spacing: [2, 2, 2], image, mask }, [
      'GlobalIntensityPeak',
    ]);
    expect(out.GlobalIntensityPeak).toBeCloseTo(120 / 7, 12);
  });
});
