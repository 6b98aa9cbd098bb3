import { AppError } from '../../errors/index.js';
import type { Sequence } from './schema.js';

/**
 * The TEXT statements of the report (performance, mask transfers, supersession): one fixed,
 * readable sentence per fact, and its parser, so the reader recovers the typed values. Kept to
 * ASCII: the SR may be written in the default character repertoire.
 */

export interface PerformanceStatement {
  cohort: string;
  n: number;
  auc: number;
  ciLower: number;
  ciUpper: number;
}

export function formatPerformance(p: PerformanceStatement): string {
  return `AUC ${p.auc} (95% CI ${p.ciLower} to ${p.ciUpper}), n = ${p.n}, cohort: ${p.cohort}`;
}

const PERFORMANCE = /^AUC (\S+) \(95% CI (\S+) to (\S+)\), n = (\d+), cohort: (.+)$/;

export function parsePerformance(text: string): PerformanceStatement {
  const m = PERFORMANCE.exec(text);
  if (!m) throw new AppError('sr_content_invalid', 'performance statement does not have the expected form');
  return { auc: Number(m[1]), ciLower: Number(m[2]), ciUpper: Number(m[3]), n: Number(m[4]), cohort: m[5]! };
}

export interface MaskTransferStatement {
  from: Sequence;
  to: Sequence;
  method: string;
}

export function formatMaskTransfer(t: MaskTransferStatement): string {
  return `Mask drawn on ${t.from} mapped onto ${t.to}: ${t.method}`;
}

const MASK_TRANSFER = /^Mask drawn on (T2W|DWI|ADC|DCE) mapped onto (T2W|DWI|ADC|DCE): (.+)$/;

export function parseMaskTransfer(text: string): MaskTransferStatement {
  const m = MASK_TRANSFER.exec(text);
  if (!m) throw new AppError('sr_content_invalid', 'mask transfer statement does not have the expected form');
  return { from: m[1] as Sequence, to: m[2] as Sequence, method: m[3]! };
}

export function formatSupersedes(sopInstanceUid: string): string {
  return `This report supersedes the earlier HER-2 report ${sopInstanceUid}; use this one.`;
}
