import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors/index.js';
import { readFileBytes, readImage, toMask } from '../../io/index.js';
import {
  type ExtractionResult,
  extract,
  type FeatureFamily,
  featureFamilies,
  parseParams,
  type ResultValue,
} from '../../radiomics/index.js';
import type { Mask, Volume } from '../../volume/index.js';
import { type Command, requireString } from '../command.js';
import { isDicomFile, isFolder, readDicomMask, readDicomSeries } from '../dicom-inputs.js';

/**
 * `her2 extract`: radiomics features of one image + mask, PyRadiomics-compatible. JSON output is one
 * flat object (diagnostics_*, then features; NaN written as null); CSV follows PyRadiomics' batch
 * layout: a header row (Image, Mask, then every key in extraction order) and one row of values, tuples
 * written as `(a, b, c)`, fields quoted only when needed.
 */
export function createExtractCommand(families: readonly FeatureFamily[] = featureFamilies): Command {
  return {
    name: 'extract',
    summary: 'compute radiomics features of an image and mask (PyRadiomics-compatible)',
    usage:
      '--image IMG|DIR --mask MASK [--label N|NAME] [--volume N] [--params FILE.yaml] [--format json|csv] [--out FILE]',
    options: {
      image: {
        type: 'string',
        valueName: 'IMG',
        description:
          'image: NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr), or a folder holding one DICOM series',
      },
      mask: {
        type: 'string',
        valueName: 'MASK',
        description:
          'label map on the image grid (NIfTI/NRRD), or a DICOM SEG / RTSTRUCT drawn on the series',
      },
      label: {
        type: 'string',
        valueName: 'N',
        description:
          'ROI: label value (label maps, default 1), segment number or ROI number/name (SEG/RTSTRUCT, default the first)',
      },
      volume: {
        type: 'string',
        valueName: 'N',
        description: 'DICOM series holding several volumes (DCE phases, b-values): which one (1-based)',
      },
      params: { type: 'string', valueName: 'FILE', description: 'PyRadiomics parameter file (YAML)' },
      format: { type: 'string', valueName: 'json|csv', description: 'output format (default json)' },
      out: { type: 'string', valueName: 'FILE', description: 'write here instead of standard output' },
    },
    async run(args, io) {
      const resolve = (file: string) => path.resolve(io.cwd, file);
      const imageFile = requireString(args, 'image', 'extract');
      const maskFile = requireString(args, 'mask', 'extract');
      const format = args.values.format ?? 'json';
      if (format !== 'json' && format !== 'csv') {
        throw new AppError('usage', `--format must be json or csv, found '${String(format)}'`);
      }
      const paramsFile = typeof args.values.params === 'string' ? args.values.params : null;
      let params = parseParams(
        paramsFile ? textOf(resolve(paramsFile), paramsFile) : '',
        paramsFile ?? 'defaults',
      );
      const dicomImage = isFolder(resolve(imageFile));
      const dicomMask = isDicomFile(resolve(maskFile));
      if (dicomMask && !dicomImage) {
        throw new AppError(
          'usage',
          '--mask is a DICOM SEG/RTSTRUCT: give the DICOM series folder it was drawn on as --image',
        );
      }
      if (typeof args.values.label === 'string' && !dicomMask) {
        const label = Number(args.values.label);
        if (!Number.isInteger(label) || label < 1 || label > 255) {
          throw new AppError(
            'usage',
            `--label must be an integer label in 1..255, found '${args.values.label}'`,
          );
        }
        params = { ...params, setting: { ...params.setting, label } };
      }
      for (const warning of params.warnings) io.stderr(`her2 extract: warning: ${warning}\n`);
      let image: Volume;
      let mask: Mask;
      if (dicomImage) {
        const volume = typeof args.values.volume === 'string' ? Number(args.values.volume) : null;
        const { series, note } = await readDicomSeries(resolve(imageFile), volume);
        if (note) io.stderr(`her2 extract: using ${note}\n`);
        image = series.volume;
        if (dicomMask) {
          const label = typeof args.values.label === 'string' ? args.values.label : null;
          const read = readDicomMask(resolve(maskFile), series, label);
          io.stderr(`her2 extract: ROI ${read.roi}\n`);
          mask = read.mask;
          params = { ...params, setting: { ...params.setting, label: 1 } };
        } else {
          mask = toMask(readImage(resolve(maskFile)), maskFile);
        }
      } else {
        image = readImage(resolve(imageFile));
        mask = toMask(readImage(resolve(maskFile)), maskFile);
      }
      const result = extract(image, mask, params, families, { version: packageVersion() });
      const text =
        format === 'json' ? `${toJson(result)}\n` : toCsv({ Image: imageFile, Mask: maskFile, ...result });
      if (typeof args.values.out === 'string') {
        try {
          writeFileSync(resolve(args.values.out), text);
        } catch (error) {
          throw new AppError('file_unwritable', `${args.values.out}: cannot be written`, { cause: error });
        }
      } else {
        io.stdout(text);
      }
      return 0;
    },
  };
}

export const extractCommand: Command = createExtractCommand();

function textOf(file: string, shown: string): string {
  try {
    return Buffer.from(readFileBytes(file)).toString('utf8');
  } catch (error) {
    if (error instanceof AppError)
      throw new AppError(error.code, error.message.replace(file, shown), { cause: error });
    throw error;
  }
}

function toJson(result: ExtractionResult): string {
  return JSON.stringify(
    result,
    (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
    2,
  );
}

/** PyRadiomics batch CSV: header row of keys, one row of values (csv module, QUOTE_MINIMAL, "\n"). */
export function toCsv(row: Record<string, ResultValue>): string {
  const keys = Object.keys(row);
  const cell = (value: ResultValue): string => {
    const text = Array.isArray(value) ? `(${value.join(', ')})` : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${keys.map((k) => cell(k)).join(',')}\n${keys.map((k) => cell(row[k]!)).join(',')}\n`;
}

/** Our version from package.json (two levels up from src/ or three from dist/src/). */
function packageVersion(): string {
  for (const relative of ['../../../package.json', '../../../../package.json']) {
    const file = new URL(relative, import.meta.url);
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'her2-radiomics' && pkg.version) return pkg.version;
    }
  }
  return 'unknown';
}
