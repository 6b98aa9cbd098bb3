import { AppError } from '../errors/index.js';

/**
 * A structural check of the dataset bytes before dcmjs reads them. dcmjs is lenient where we
 * must not be: an element whose length field is wrong shifts every later element, and dcmjs then
 * prints "Invalid vr type … using UN" and returns a dataset of garbage tags (or silently stops at
 * a length that runs past the end of the file). Walking the element headers ourselves finds such
 * files: every explicit VR must be a known VR, and every value, item and sequence must end inside
 * its parent. Undefined-length sequences and encapsulated Pixel Data are walked item by item.
 * Written here rather than taken from a library because it must agree exactly with the byte
 * layout dcmjs is about to read, and it is small.
 */

const VRS = new Set(
  'AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(
    ' ',
  ),
);
/** VRs with a 2-byte reserved field and a 4-byte length (PS3.5 7.1.2). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
/** Deeper nesting than any real object; bounds the recursion of a crafted file. */
const MAX_DEPTH = 32;

interface Walk {
  readonly view: DataView;
  readonly explicit: boolean;
  readonly little: boolean;
  readonly what: string;
}

function malformed(walk: Walk, offset: number, problem: string): AppError {
  return new AppError('dicom_malformed', `${walk.what}: malformed element at byte ${offset}: ${problem}`, {
    details: { offset },
  });
}

/** A value or header that runs past `end`: the file was cut off when `end` is the end of the file. */
function overrun(walk: Walk, offset: number, end: number, problem: string): AppError {
  if (end < walk.view.byteLength) return malformed(walk, offset, problem);
  return new AppError('dicom_truncated', `${walk.what}: file truncated at byte ${offset}: ${problem}`, {
    details: { offset },
  });
}

function tagAt(walk: Walk, offset: number): number {
  return (
    ((walk.view.getUint16(offset, walk.little) << 16) | walk.view.getUint16(offset + 2, walk.little)) >>> 0
  );
}

function hex(tag: number): string {
  const h = tag.toString(16).toUpperCase().padStart(8, '0');
  return `(${h.slice(0, 4)},${h.slice(4)})`;
}

/**
 * Walks elements from `offset` to `end` (or, when `untilTag` is given, to that delimiter, which
 * must come before `end`). Returns the offset after the last byte walked.
 */
function walkElements(walk: Walk, offset: number, end: number, depth: number, untilTag?: number): number {
  if (depth > MAX_DEPTH) throw malformed(walk, offset, `sequences nested deeper than ${MAX_DEPTH}`);
  let p = offset;
  while (p < end) {
    if (p + 8 > end) throw overrun(walk, p, end, 'element header cut off');
    const tag = tagAt(walk, p);
    if (untilTag !== undefined && tag === untilTag) return p + 8;
    if (tag === ITEM || tag === ITEM_END || tag === SEQUENCE_END) {
      throw malformed(walk, p, `unexpected delimiter ${hex(tag)}`);
    }
    let vr: string | undefined;
    let length: number;
    let valueStart: number;
    if (walk.explicit) {
      vr = String.fromCharCode(walk.view.getUint8(p + 4), walk.view.getUint8(p + 5));
      if (!VRS.has(vr))
        throw malformed(walk, p, `${hex(tag)} has no valid VR (found bytes ${JSON.stringify(vr)})`);
      if (LONG_VRS.has(vr)) {
        if (p + 12 > end) throw overrun(walk, p, end, 'element header cut off');
        length = walk.view.getUint32(p + 8, walk.little);
        valueStart = p + 12;
      } else {
        length = walk.view.getUint16(p + 6, walk.little);
        valueStart = p + 8;
      }
    } else {
      length = walk.view.getUint32(p + 4, walk.little);
      valueStart = p + 8;
    }
    if (length === UNDEFINED) {
      // UN of undefined length is a sequence encoded in implicit VR (PS3.5 6.2.2)
      const inner = vr === 'UN' ? { ...walk, explicit: false } : walk;
      p = walkItems(inner, valueStart, end, depth, vr === 'SQ' || vr === undefined || vr === 'UN');
      continue;
    }
    if (valueStart + length > end) {
      throw overrun(walk, p, end, `${hex(tag)} declares ${length} bytes but only ${end - valueStart} remain`);
    }
    if (vr === 'SQ') walkItems(walk, valueStart, valueStart + length, depth, true);
    p = valueStart + length;
  }
  if (untilTag !== undefined) throw overrun(walk, p, end, `missing delimiter ${hex(untilTag)}`);
  return p;
}

/**
 * Items of a sequence (or fragments of encapsulated Pixel Data) from `offset`. With a defined
 * parent length the items end at `end`; an undefined-length parent ends at its sequence delimiter.
 * Item contents are walked as datasets when `datasets` (SQ), skipped otherwise (fragments).
 */
function walkItems(walk: Walk, offset: number, end: number, depth: number, datasets: boolean): number {
  let p = offset;
  while (p < end) {
    if (p + 8 > end) throw overrun(walk, p, end, 'item header cut off');
    const tag = tagAt(walk, p);
    const length = walk.view.getUint32(p + 4, walk.little);
    if (tag === SEQUENCE_END) return p + 8;
    if (tag !== ITEM) throw malformed(walk, p, `expected an item, found ${hex(tag)}`);
    const start = p + 8;
    if (length === UNDEFINED) {
      if (!datasets) throw malformed(walk, p, 'fragment of undefined length');
      p = walkElements(walk, start, end, depth + 1, ITEM_END);
      continue;
    }
    if (start + length > end) {
      throw overrun(walk, p, end, `item declares ${length} bytes but only ${end - start} remain`);
    }
    if (datasets) walkElements(walk, start, start + length, depth + 1);
    p = start + length;
  }
  return p;
}

/**
 * Checks a Part-10 file before it is parsed: the file meta group element by element, then the
 * dataset in the transfer syntax the meta group names, when its layout is known here (deflated
 * and unknown syntaxes are left to dcmjs). Throws `dicom_malformed`, or `dicom_truncated` when a
 * value runs past the end of the file.
 */
export function checkPart10Structure(file: Uint8Array, what: string): void {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const metaWalk: Walk = { view, explicit: true, little: true, what };
  // The file meta group is always explicit VR little endian.
  let p = 132;
  let transferSyntaxUID = '';
  while (p + 8 <= file.length && view.getUint16(p, true) === 0x0002) {
    const next = walkOne(metaWalk, p, file.length);
    if (view.getUint16(p + 2, true) === 0x0010) {
      transferSyntaxUID = new TextDecoder('latin1').decode(file.subarray(p + 8, next)).replace(/[\0 ]+$/, '');
    }
    p = next;
  }
  const layouts: Record<string, { explicit: boolean; little: boolean }> = {
    '1.2.840.10008.1.2': { explicit: false, little: true },
    '1.2.840.10008.1.2.1': { explicit: true, little: true },
    '1.2.840.10008.1.2.2': { explicit: true, little: false },
  };
  // compressed syntaxes are explicit VR little endian with encapsulated Pixel Data
  const compressed =
    transferSyntaxUID.startsWith('1.2.840.10008.1.2.4.') || transferSyntaxUID === '1.2.840.10008.1.2.5';
  const layout = layouts[transferSyntaxUID] ?? (compressed ? layouts['1.2.840.10008.1.2.1'] : undefined);
  if (layout === undefined) return;
  walkElements({ view, ...layout, what }, p, file.length, 0);
}

/** Offset after the one element at `p` (file meta group: defined lengths only). */
function walkOne(walk: Walk, p: number, end: number): number {
  const vr = String.fromCharCode(walk.view.getUint8(p + 4), walk.view.getUint8(p + 5));
  if (!VRS.has(vr))
    throw malformed(walk, p, `file meta element has no valid VR (found bytes ${JSON.stringify(vr)})`);
  const long = LONG_VRS.has(vr);
  if (long && p + 12 > end) throw overrun(walk, p, end, 'element header cut off');
  const length = long ? walk.view.getUint32(p + 8, true) : walk.view.getUint16(p + 6, true);
  const start = p + (long ? 12 : 8);
  if (length === UNDEFINED || start + length > end)
    throw overrun(walk, p, end, 'file meta element runs past the end');
  return start + length;
}
