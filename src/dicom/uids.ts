import { createHash } from 'node:crypto';

/** SOP class UIDs and other fixed identifiers this folder reads or writes. */
export const SOP_CLASS = {
  mrImage: '1.2.840.10008.5.1.4.1.1.4',
  enhancedMrImage: '1.2.840.10008.5.1.4.1.1.4.1',
  ctImage: '1.2.840.10008.5.1.4.1.1.2',
  segmentation: '1.2.840.10008.5.1.4.1.1.66.4',
  /** Label Map Segmentation Storage (DICOM 2024, Sup 243). */
  labelMapSegmentation: '1.2.840.10008.5.1.4.1.1.66.7',
  rtStructureSet: '1.2.840.10008.5.1.4.1.1.481.3',
} as const;

/**
 * A UID derived from its parts (PS3.5 §B.2: `2.25.` + a 128-bit integer): the SHA-256 of the parts
 * joined by NUL, cut to 122 bits so the decimal stays under 39 digits and the UID under 64
 * characters. Same parts, same UID — what makes our outputs' and synthetic studies' UIDs repeatable.
 */
export function hashedUid(...parts: readonly (string | number)[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  digest[0] = digest[0]! & 0x03;
  return `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString()}`;
}
