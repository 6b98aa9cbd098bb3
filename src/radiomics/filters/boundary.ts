import { AppError } from '../../errors/index.js';

/**
 * How a filter sees voxels beyond the image edge (IBSI 2, section "Boundary conditions").
 * For an edge `… a b c d | ?`:
 * - `mirror`: half-sample symmetric, `d c b a | a b c d | d c b a` (IBSI "mirror", scipy `reflect`);
 * - `nearest`: `a a a a | a b c d | d d d d` (ITK ZeroFluxNeumann);
 * - `periodic`: `a b c d | a b c d | a b c d` (wrap);
 * - `constant`: zeros outside (IBSI "constant value padding" with 0).
 */
export const BOUNDARY_MODES = ['mirror', 'nearest', 'periodic', 'constant'] as const;
export type BoundaryMode = (typeof BOUNDARY_MODES)[number];

export function checkBoundaryMode(value: string, what: string): BoundaryMode {
  if ((BOUNDARY_MODES as readonly string[]).includes(value)) return value as BoundaryMode;
  throw new AppError(
    'filter_setting_invalid',
    `${what}: boundary must be one of ${BOUNDARY_MODES.join(', ')}, found ${JSON.stringify(value)}`,
    { details: { setting: what, value } },
  );
}

/**
 * Index into a line of length `n` that stands for position `i` (possibly outside [0, n)), or −1
 * for a constant (zero) voxel.
 */
export function boundaryIndex(i: number, n: number, mode: BoundaryMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'periodic':
      return ((i % n) + n) % n;
    case 'mirror': {
      // period 2n: positions n..2n-1 map to n-1..0
      const p = ((i % (2 * n)) + 2 * n) % (2 * n);
      return p < n ? p : 2 * n - 1 - p;
    }
  }
}
