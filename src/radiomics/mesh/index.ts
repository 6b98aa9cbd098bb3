export { convexHull2D, convexHull2DOfSorted } from './convex-hull-2d.js';
export { type ConvexHull3D, convexHull3D, hullMeasures } from './convex-hull-3d.js';
export { type MeshDiameters, meshDiameters, planeHulls, squaredDistance2 } from './diameters.js';
export {
  type MeshExtract,
  type MeshMeasures,
  meshExtract,
  meshMeasures,
  meshVertices2,
  padMask,
} from './marching-cubes.js';
export { MARCHING_CUBES_TRIANGLES } from './marching-cubes-table.js';
export { type ContourMeasures, contourMeasures, contourVertices2 } from './marching-squares.js';
