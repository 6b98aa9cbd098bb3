/**
 * Principal component analysis of voxel-centre coordinates, as PyRadiomics' shape classes do it:
 * coordinates are index × spacing (the direction matrix is ignored), centred on their mean, and
 * the covariance divides by N (not N − 1; the IBSI reference values use N − 1, see `divisor`). Eigenvalues ascending; values in (−1e−10, 0) are
 * rounding noise of flat ROIs and become 0 (PyRadiomics does the same).
 */

/** Eigenvalues (ascending) of the /N covariance of the coordinates of mask voxels. */
export function coordinateEigenvalues3D(
  mask: Uint8Array,
  size: readonly [number, number, number],
  spacing: readonly [number, number, number],
  /** 'N' (PyRadiomics) or 'N-1' (sample covariance, which the IBSI reference values use). */
  divisor: 'N' | 'N-1' = 'N',
): [number, number, number] {
  const [nx, ny, nz] = size;
  let n = 0;
  let mx = 0;
  let my = 0;
  let mz = 0;
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        if (!mask[i]) continue;
        n++;
        mx += x;
        my += y;
        mz += z;
      }
  mx /= n;
  my /= n;
  mz /= n;
  let xx = 0;
  let yy = 0;
  let zz = 0;
  let xy = 0;
  let xz = 0;
  let yz = 0;
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        if (!mask[i]) continue;
        const dx = (x - mx) * spacing[0];
        const dy = (y - my) * spacing[1];
        const dz = (z - mz) * spacing[2];
        xx += dx * dx;
        yy += dy * dy;
        zz += dz * dz;
        xy += dx * dy;
        xz += dx * dz;
        yz += dy * dz;
      }
  const d = divisor === 'N' ? n : n - 1;
  const ev = symmetricEigenvalues3([xx / d, xy / d, xz / d, yy / d, yz / d, zz / d]);
  return ev.map(clampRoundingNoise) as [number, number, number];
}

/** Eigenvalues (ascending) of the /N covariance of 2D pixel-centre coordinates. */
export function coordinateEigenvalues2D(
  mask: Uint8Array,
  nx: number,
  ny: number,
  spacing: readonly [number, number],
): [number, number] {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0, i = 0; y < ny; y++)
    for (let x = 0; x < nx; x++, i++) {
      if (!mask[i]) continue;
      n++;
      mx += x;
      my += y;
    }
  mx /= n;
  my /= n;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let y = 0, i = 0; y < ny; y++)
    for (let x = 0; x < nx; x++, i++) {
      if (!mask[i]) continue;
      const dx = (x - mx) * spacing[0];
      const dy = (y - my) * spacing[1];
      xx += dx * dx;
      yy += dy * dy;
      xy += dx * dy;
    }
  xx /= n;
  yy /= n;
  xy /= n;
  // closed form for a symmetric 2×2: mean ± √(((a − c)/2)² + b²)
  const mean = (xx + yy) / 2;
  const r = Math.hypot((xx - yy) / 2, xy);
  return [clampRoundingNoise(mean - r), clampRoundingNoise(mean + r)];
}

function clampRoundingNoise(v: number): number {
  return v < 0 && v > -1e-10 ? 0 : v;
}

/**
 * Eigenvalues of the symmetric matrix [[a, b, c], [b, d, e], [c, e, f]] by cyclic Jacobi
 * rotations (unconditionally convergent and accurate for symmetric matrices; a fixed sweep order
 * keeps results reproducible). Ascending.
 */
export function symmetricEigenvalues3(
  m: readonly [number, number, number, number, number, number],
): [number, number, number] {
  const A = [
    [m[0], m[1], m[2]],
    [m[1], m[3], m[4]],
    [m[2], m[4], m[5]],
  ];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = A[0]![1]! ** 2 + A[0]![2]! ** 2 + A[1]![2]! ** 2;
    const scale = A[0]![0]! ** 2 + A[1]![1]! ** 2 + A[2]![2]! ** 2;
    if (off <= 1e-30 * scale || off === 0) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      const apq = A[p]![q]!;
      if (apq === 0) continue;
      const theta = (A[q]![q]! - A[p]![p]!) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = A[k]![p]!;
        const akq = A[k]![q]!;
        A[k]![p] = c * akp - s * akq;
        A[k]![q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = A[p]![k]!;
        const aqk = A[q]![k]!;
        A[p]![k] = c * apk - s * aqk;
        A[q]![k] = s * apk + c * aqk;
      }
    }
  }
  return [A[0]![0]!, A[1]![1]!, A[2]![2]!].sort((x, y) => x - y) as [number, number, number];
}
