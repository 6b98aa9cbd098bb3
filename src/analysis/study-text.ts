import type { StudyInput } from '../dicom/sr/index.js';

/**
 * Text from the model (intended use, cohort labels) written into the study's objects must fit the
 * study's character set, which is copied from the source and may be plain ASCII: typographic
 * punctuation becomes its ASCII spelling, accents are dropped, anything else becomes "?". UTF-8
 * studies (ISO_IR 192) keep the text as it is.
 */

const ASCII_SPELLINGS: Readonly<Record<string, string>> = {
  '\u2014': '-',
  '\u2013': '-',
  '\u2212': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2026': '...',
  '\u2265': '>=',
  '\u2264': '<=',
  '\u00b1': '+/-',
  '\u00d7': 'x',
  '\u00b5': 'u',
  '\u00a0': ' ',
};

function fits(code: number, charset: StudyInput['specificCharacterSet']): boolean {
  if (charset === 'ISO_IR 192') return true;
  if (code >= 0x20 && code <= 0x7e) return true;
  return charset === 'ISO_IR 100' && code >= 0xa0 && code <= 0xff;
}

export function textForStudy(text: string, charset: StudyInput['specificCharacterSet']): string {
  let out = '';
  for (const ch of text) {
    if (fits(ch.codePointAt(0)!, charset)) {
      out += ch;
      continue;
    }
    const spelled = ASCII_SPELLINGS[ch] ?? ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += [...spelled].every((c) => fits(c.codePointAt(0)!, charset)) && spelled !== '' ? spelled : '?';
  }
  return out;
}
