import { resolve } from 'node:path';
import { formatRecognition, readSiteRulesFile } from '../../dicom/recognition/index.js';
import { inventoryStudy } from '../../dicom/study-inventory.js';
import { AppError } from '../../errors/index.js';
import type { Command } from '../command.js';
import { readFolderFiles } from '../read-folder.js';

/**
 * `her2 inspect DIR`: what a folder of DICOM files holds — series with their recognised role and
 * why, mask objects with each ROI's voxel count and volume on its own grid, and problems. With
 * `--rules FILE` it is the dry run of a site-rules change (`--all-rules` shows every rule's verdict).
 */
export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'show what a folder of DICOM files holds: series roles (site rules), masks, volumes, problems',
  usage: 'DIR [--rules FILE.yaml] [--all-rules] [--json]',
  positionals: true,
  options: {
    rules: {
      type: 'string',
      valueName: 'FILE',
      description: 'site rules file (default: config/site-rules.default.yaml)',
    },
    'all-rules': {
      type: 'boolean',
      description: "list every rule's verdict for every series (rules dry run)",
    },
    json: { type: 'boolean', description: 'machine-readable output' },
  },
  async run(args, io) {
    const [dir, ...rest] = args.positionals;
    if (dir === undefined || rest.length > 0)
      throw new AppError('usage', 'give exactly one folder (see: her2 inspect --help)');
    const rules = await readSiteRulesFile(
      typeof args.values.rules === 'string' ? resolve(io.cwd, args.values.rules) : undefined,
    );
    const inventory = inventoryStudy(await readFolderFiles(resolve(io.cwd, dir)), rules);
    if (args.values.json === true) {
      const { recognition, ...rest } = inventory;
      io.stdout(`${JSON.stringify({ ...rest, inputs: recognition?.inputs ?? null }, null, 2)}\n`);
      return 0;
    }
    io.stdout(`Series (${inventory.series.length}):\n`);
    for (const s of inventory.series) {
      io.stdout(
        `  #${s.seriesNumber ?? '?'} ${s.description || '(no description)'} — ${s.instances} instances — ${s.role}: ${s.reason}\n`,
      );
    }
    io.stdout(`Masks (${inventory.masks.length}):\n`);
    for (const m of inventory.masks) {
      io.stdout(`  ${m.type} ${m.name} on series ${m.referencedSeriesInstanceUid ?? '(unknown)'}\n`);
      for (const r of m.rois)
        io.stdout(`    ${r.number} "${r.name}": ${r.voxels} voxels, ${r.volumeMm3.toFixed(1)} mm³\n`);
    }
    if (inventory.recognition)
      io.stdout(
        `\n${formatRecognition(inventory.recognition, { allRules: args.values['all-rules'] === true })}\n`,
      );
    io.stdout(
      inventory.problems.length === 0 ? 'Problems: none\n' : `Problems (${inventory.problems.length}):\n`,
    );
    for (const p of inventory.problems) io.stdout(`  ${p}\n`);
    return 0;
  },
};
