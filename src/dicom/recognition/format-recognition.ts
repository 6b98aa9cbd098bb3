import type { SeriesRecognition } from './classify-series.js';
import type { StudyRecognition } from './recognize-study.js';
import type { SlotChoice } from './select-inputs.js';

/**
 * Plain-text account of a recognition (the `her2 inspect` dry run): every series with its role,
 * rule and evidence, the rules that did not match and why, then each model input with what was
 * chosen and what was not. No patient data: only UIDs, series numbers and descriptions.
 */
export function formatRecognition(study: StudyRecognition, options: { allRules?: boolean } = {}): string {
  const lines: string[] = ['Series'];
  for (const s of study.series) lines.push(...seriesLines(s, options.allRules ?? false));
  lines.push('', 'Model inputs');
  const { t2w, diffusion, dcePre, dcePost, dcePhases } = study.inputs;
  for (const slot of [t2w, diffusion, dcePre, dcePost]) lines.push(...slotLines(slot));
  if (dcePhases.length > 0) {
    lines.push('  DCE phases:');
    for (const p of dcePhases) {
      lines.push(
        `    ${p.phase}. ${p.label}: ${p.frames.length} frames, ${p.orderedBy} (${p.seriesInstanceUid})`,
      );
    }
  }
  return lines.join('\n');
}

function seriesLines(s: SeriesRecognition, allRules: boolean): string[] {
  const lines = [
    `- #${s.seriesNumber ?? '?'} "${s.description}" ${s.seriesInstanceUid}`,
    `    role: ${s.role} (${s.evidence} evidence)`,
    `    why:  ${s.reason}`,
  ];
  // Rules before the match explain why the series is not something else; later ones rarely matter.
  const matchIndex = s.ruleTrace.findIndex((v) => v.matched);
  const shown = allRules ? s.ruleTrace : s.ruleTrace.slice(0, matchIndex < 0 ? undefined : matchIndex);
  for (const v of shown) {
    if (v.rule === s.rule) continue;
    lines.push(`    ${v.matched ? 'also matched' : 'not'} ${v.rule} (${v.role}): ${v.why}`);
  }
  return lines;
}

function slotLines(slot: SlotChoice): string[] {
  const lines = [
    `- ${slot.slot}: ${slot.status}${slot.seriesInstanceUid ? ` ${slot.seriesInstanceUid}` : ''}`,
  ];
  lines.push(`    ${slot.reason}`);
  if (slot.diffusion) {
    const units = slot.diffusion.adcUnits ? `, units ${slot.diffusion.adcUnits.unit}` : '';
    lines.push(
      `    ${slot.diffusion.representation}, b = ${slot.diffusion.bValues.join(', ') || '-'}${units}`,
    );
  }
  for (const n of slot.notChosen)
    lines.push(`    not chosen: "${n.description}" ${n.seriesInstanceUid}: ${n.reason}`);
  return lines;
}
