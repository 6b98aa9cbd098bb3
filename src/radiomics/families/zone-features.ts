/**
 * Features shared by the "counts per grey level i and size j" matrices: GLRLM (j = run length),
 * GLSZM (zone size), GLDM/NGLDM (dependence count) and GLDZM (zone distance). P(i, j) are counts,
 * N_z = Σ P, p = P / N_z, i = 1..N_g (grey level), j = 1..N_j.
 */
export interface SizeMatrix {
  /** Row-major counts: P[(i − 1) · nj + column]. */
  readonly counts: Float64Array;
  readonly ng: number;
  readonly nj: number;
  /**
   * The j of each column when columns are compressed to the sizes present (zone sizes can reach the
   * ROI voxel count); absent = columns are j = 1..nj.
   */
  readonly jValues?: Float64Array;
}

/** Every quantity the families expose; each family names them its own way. */
export interface SizeMatrixFeatures {
  /** Σ P/j² / N_z */ readonly smallEmphasis: number;
  /** Σ P·j² / N_z */ readonly largeEmphasis: number;
  /** Σ P/i² / N_z */ readonly lowGreyEmphasis: number;
  /** Σ P·i² / N_z */ readonly highGreyEmphasis: number;
  /** Σ P/(i²j²) / N_z */ readonly smallLowGreyEmphasis: number;
  /** Σ P·i²/j² / N_z */ readonly smallHighGreyEmphasis: number;
  /** Σ P·j²/i² / N_z */ readonly largeLowGreyEmphasis: number;
  /** Σ P·i²j² / N_z */ readonly largeHighGreyEmphasis: number;
  /** Σ_i (Σ_j P)² / N_z */ readonly greyNonUniformity: number;
  /** Σ_i (Σ_j P)² / N_z² */ readonly greyNonUniformityNormalised: number;
  /** Σ_j (Σ_i P)² / N_z */ readonly sizeNonUniformity: number;
  /** Σ_j (Σ_i P)² / N_z² */ readonly sizeNonUniformityNormalised: number;
  /** Σ p (i − Σ i·p)² */ readonly greyVariance: number;
  /** Σ p (j − Σ j·p)² */ readonly sizeVariance: number;
  /** −Σ p log2(p + ε), ε = 2.2e−16 as in PyRadiomics */ readonly entropy: number;
  /** Σ p² */ readonly energy: number;
  /** N_z */ readonly total: number;
  /** Σ j·P (voxels covered, e.g. N_p of a GLRLM) */ readonly weightedTotal: number;
}

/** PyRadiomics' ε in logarithms and divisions (numpy.spacing(1)). */
export const EPS = 2.220446049250313e-16;

export function sizeMatrixFeatures(matrix: SizeMatrix): SizeMatrixFeatures {
  const { counts, ng, nj } = matrix;
  const jOf = matrix.jValues ?? Float64Array.from({ length: nj }, (_, b) => b + 1);
  const rowSums = new Float64Array(ng);
  const colSums = new Float64Array(nj);
  let total = 0;
  let se = 0;
  let le = 0;
  let lge = 0;
  let hge = 0;
  let slge = 0;
  let shge = 0;
  let llge = 0;
  let lhge = 0;
  let weightedTotal = 0;
  for (let a = 0; a < ng; a++) {
    const i2 = (a + 1) * (a + 1);
    for (let b = 0; b < nj; b++) {
      const v = counts[a * nj + b]!;
      if (v === 0) continue;
      const j = jOf[b]!;
      const j2 = j * j;
      total += v;
      rowSums[a]! += v;
      colSums[b]! += v;
      weightedTotal += v * j;
      se += v / j2;
      le += v * j2;
      lge += v / i2;
      hge += v * i2;
      slge += v / (i2 * j2);
      shge += (v * i2) / j2;
      llge += (v * j2) / i2;
      lhge += v * i2 * j2;
    }
  }
  let gln = 0;
  let meanI = 0;
  for (let a = 0; a < ng; a++) {
    gln += rowSums[a]! ** 2;
    meanI += ((a + 1) * rowSums[a]!) / total;
  }
  let snu = 0;
  let meanJ = 0;
  for (let b = 0; b < nj; b++) {
    snu += colSums[b]! ** 2;
    meanJ += (jOf[b]! * colSums[b]!) / total;
  }
  let gv = 0;
  let sv = 0;
  let entropy = 0;
  let energy = 0;
  for (let a = 0; a < ng; a++) {
    for (let b = 0; b < nj; b++) {
      const v = counts[a * nj + b]!;
      if (v === 0) continue;
      const p = v / total;
      gv += p * (a + 1 - meanI) ** 2;
      sv += p * (jOf[b]! - meanJ) ** 2;
      entropy -= p * Math.log2(p + EPS);
      energy += p * p;
    }
  }
  return {
    smallEmphasis: se / total,
    largeEmphasis: le / total,
    lowGreyEmphasis: lge / total,
    highGreyEmphasis: hge / total,
    smallLowGreyEmphasis: slge / total,
    smallHighGreyEmphasis: shge / total,
    largeLowGreyEmphasis: llge / total,
    largeHighGreyEmphasis: lhge / total,
    greyNonUniformity: gln / total,
    greyNonUniformityNormalised: gln / (total * total),
    sizeNonUniformity: snu / total,
    sizeNonUniformityNormalised: snu / (total * total),
    greyVariance: gv,
    sizeVariance: sv,
    entropy,
    energy,
    total,
    weightedTotal,
  };
}

/** Adds `b` into `a` (same shape), times `weight`. */
export function addInto(a: Float64Array, b: Float64Array, weight = 1): void {
  for (let k = 0; k < a.length; k++) a[k]! += weight * b[k]!;
}
