import { describe, expect, it } from 'vitest';
import { textForStudy } from './study-text.js';

describe('textForStudy', () => {
  it('spells typographic punctuation in ASCII for a study without a character set', () => {
    expect(textForStudy('DEMO — not for use; AUC ≥ 0.7 “ok”', undefined)).toBe(
      'DEMO - not for use; AUC >= 0.7 "ok"',
    );
  });
  it('keeps Latin-1 letters in an ISO_IR 100 study, drops accents in ASCII, keeps all in UTF-8', () => {
    expect(textForStudy('Renée Ōta', 'ISO_IR 100')).toBe('Renée Ota');
    expect(textForStudy('Renée Ōta', undefined)).toBe('Renee Ota');
    expect(textForStudy('Renée Ōta — Ελένη', 'ISO_IR 192')).toBe('Renée Ōta — Ελένη');
  });
  it('writes ? for what has no spelling in the character set', () => {
    expect(textForStudy('Ελ', 'ISO_IR 100')).toBe('??');
  });
});
