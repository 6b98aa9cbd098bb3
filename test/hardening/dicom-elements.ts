/**
 * A minimal walker over the top-level elements of an Explicit VR Little Endian Part-10 file, so
 * tests can corrupt one element's length field in place (something no DICOM writer will do for
 * us). Written for the corpus only: it stops at the first undefined-length element.
 */
export interface ElementSpan {
  readonly group: number;
  readonly element: number;
  readonly vr: string;
  /** Offset and size (2 or 4 bytes) of the length field. */
  readonly lengthOffset: number;
  readonly lengthSize: 2 | 4;
  readonly valueOffset: number;
  readonly length: number;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

export function topLevelElements(file: Uint8Array): ElementSpan[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: ElementSpan[] = [];
  let offset = 132;
  while (offset + 8 <= file.length) {
    const group = view.getUint16(offset, true);
    const element = view.getUint16(offset + 2, true);
    const vr = String.fromCharCode(file[offset + 4]!, file[offset + 5]!);
    const long = LONG_VRS.has(vr);
    const lengthOffset = offset + (long ? 8 : 6);
    if (lengthOffset + (long ? 4 : 2) > file.length) break;
    const length = long ? view.getUint32(lengthOffset, true) : view.getUint16(lengthOffset, true);
    const valueOffset = offset + (long ? 12 : 8);
    out.push({ group, element, vr, lengthOffset, lengthSize: long ? 4 : 2, valueOffset, length });
    if (length === 0xffffffff) break;
    offset = valueOffset + length;
  }
  return out;
}

/** A copy of `file` with the length field of `span` set to `length` (truncated to the field size). */
export function withLength(file: Uint8Array, span: ElementSpan, length: number): Uint8Array {
  const copy = Uint8Array.from(file); // not .slice(): on a Buffer that is a view
  const view = new DataView(copy.buffer);
  if (span.lengthSize === 2) view.setUint16(span.lengthOffset, length & 0xffff, true);
  else view.setUint32(span.lengthOffset, length >>> 0, true);
  return copy;
}

/** The span of element (group,element), or throws (corpus construction error). */
export function findElement(file: Uint8Array, group: number, element: number): ElementSpan {
  const span = topLevelElements(file).find((e) => e.group === group && e.element === element);
  if (!span) throw new Error(`corpus: element (${group.toString(16)},${element.toString(16)}) not found`);
  return span;
}
