/**
 * Boundaries of a binary 2-D image as closed polygons along pixel edges ("crack following").
 * Vertices are pixel corners in continuous index units: corner (x, y) sits at column x − 0.5,
 * row y − 0.5. Every edge separates an inside pixel from an outside one, so the even-odd rule at
 * pixel centres applied to all polygons together gives back exactly the input pixels: outer
 * boundaries and hole boundaries come out as separate loops (clockwise and counter-clockwise).
 */
export interface PixelPolygon {
  /** Alternating corner coordinates x0, y0, x1, y1, … (not repeating the first vertex). */
  readonly corners: readonly number[];
}

/** Directions in image coordinates (y down): right, down, left, up. */
const DX = [1, 0, -1, 0] as const;
const DY = [0, 1, 0, -1] as const;

export function tracePixelBoundaries(plane: Uint8Array, nx: number, ny: number): PixelPolygon[] {
  const inside = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && plane[i + nx * j] !== 0;
  // Outgoing boundary edges per corner, keyed by corner id y * (nx + 1) + x; value = direction.
  const outgoing = new Map<number, number[]>();
  const corner = (x: number, y: number) => y * (nx + 1) + x;
  const add = (x: number, y: number, dir: number) => {
    const id = corner(x, y);
    const list = outgoing.get(id);
    if (list === undefined) outgoing.set(id, [dir]);
    else list.push(dir);
  };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (!inside(i, j)) continue;
      // clockwise on screen around each inside pixel, for sides facing outside pixels
      if (!inside(i, j - 1)) add(i, j, 0);
      if (!inside(i + 1, j)) add(i + 1, j, 1);
      if (!inside(i, j + 1)) add(i + 1, j + 1, 2);
      if (!inside(i - 1, j)) add(i, j + 1, 3);
    }
  }
  const polygons: PixelPolygon[] = [];
  for (const [startId, startList] of outgoing) {
    while (startList.length > 0) {
      let x = startId % (nx + 1);
      let y = Math.floor(startId / (nx + 1));
      let dir = startList.pop()!;
      const corners: number[] = [];
      const startX = x;
      const startY = y;
      let previous = -1;
      for (;;) {
        if (dir !== previous) corners.push(x, y);
        previous = dir;
        x += DX[dir]!;
        y += DY[dir]!;
        if (x === startX && y === startY) break;
        const list = outgoing.get(corner(x, y))!;
        // At a corner touched by two diagonal pixels there are two ways on. A fixed preference
        // keeps every loop simple (no self-crossing); the even-odd fill is the same either way.
        const preferences = [(dir + 1) % 4, dir, (dir + 3) % 4];
        const next = preferences.find((d) => list.includes(d))!;
        list.splice(list.indexOf(next), 1);
        dir = next;
      }
      // drop the start vertex if the loop goes straight through it
      if (corners.length >= 6 && dir === directionOf(corners, 0)) corners.splice(0, 2);
      polygons.push({ corners });
    }
  }
  return polygons;
}

/** Direction of the edge leaving vertex v of a corner list (used to merge a straight start). */
function directionOf(corners: readonly number[], v: number): number {
  const n = corners.length / 2;
  const dx = Math.sign(corners[((v + 1) % n) * 2]! - corners[v * 2]!);
  const dy = Math.sign(corners[((v + 1) % n) * 2 + 1]! - corners[v * 2 + 1]!);
  return DX.findIndex((ddx, d) => ddx === dx && DY[d] === dy);
}
