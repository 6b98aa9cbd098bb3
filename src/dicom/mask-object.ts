import type { Mask } from '../volume/index.js';

/**
 * One region of a mask object (a SEG segment or an RTSTRUCT ROI) as a 0/1 mask on the grid of the
 * image series it was read against. The readers add what is particular to each IOD (the segment
 * description, the ROI with its contours).
 */
export interface RegionMask {
  /** SegmentNumber (SEG) or ROINumber (RTSTRUCT). */
  readonly number: number;
  /** SegmentLabel (SEG) or ROIName (RTSTRUCT); may be empty. */
  readonly name: string;
  readonly mask: Mask;
  /** Voxels inside the region (mask value 1). */
  readonly voxelCount: number;
}

/** What reading a mask object against an image series gives, for SEG and RTSTRUCT alike. */
export interface MaskObjectReadResult<Header, Region extends RegionMask> {
  /** The object's parsed header (everything read before any mask was built). */
  readonly header: Header;
  /** One mask per region that has one, in the order the object lists them. */
  readonly regions: readonly Region[];
  /** Non-fatal oddities found while mapping (e.g. half-pixel offsets), for logging by the caller. */
  readonly warnings: readonly string[];
}

/** Number of voxels equal to 1 in a 0/1 mask. */
export function maskVoxelCount(data: Uint8Array): number {
  let count = 0;
  for (let n = 0; n < data.length; n++) count += data[n]!;
  return count;
}
