import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors/index.js';
import { encodeNifti, readFileBytes, readImage } from '../../io/index.js';
import { applyImageType, isFilterImageType } from '../../radiomics/filters/index.js';
import { type ImageTypeName, parseParams, settingsFor } from '../../radiomics/index.js';
import { type Command, requireString } from '../command.js';

/**
 * `her2 filter`: writes every derived image of a parameter file's `imageType:` section as NIfTI
 * (`<name>.nii.gz`, float32, same grid as the input), e.g. `log-sigma-3-0-mm-3D.nii.gz`,
 * `wavelet-LLH.nii.gz`. The whole image is filtered, as PyRadiomics does without resampling.
 * `Original` is skipped (it is the input). Filter warnings (e.g. a LoG sigma too large) go to stderr.
 */
export const filterCommand: Command = {
  name: 'filter',
  summary: 'write the filtered images (LoG, Wavelet, ...) of a parameter file as NIfTI',
  usage: '--image IMG --params FILE.yaml --out DIR',
  options: {
    image: {
      type: 'string',
      valueName: 'IMG',
      description: 'image, NIfTI (.nii, .nii.gz) or NRRD (.nrrd, .nhdr)',
    },
    params: {
      type: 'string',
      valueName: 'FILE',
      description: 'PyRadiomics parameter file (YAML) with imageType:',
    },
    out: { type: 'string', valueName: 'DIR', description: 'folder for the NIfTI files (created if missing)' },
  },
  async run(args, io) {
    const resolve = (file: string) => path.resolve(io.cwd, file);
    const imageFile = requireString(args, 'image', 'filter');
    const paramsFile = requireString(args, 'params', 'filter');
    const outDir = resolve(requireString(args, 'out', 'filter'));
    const params = parseParams(Buffer.from(readFileBytes(resolve(paramsFile))).toString('utf8'), paramsFile);
    for (const warning of params.warnings) io.stderr(`her2 filter: warning: ${warning}\n`);
    const types = (Object.keys(params.imageTypes) as ImageTypeName[]).filter((t) => t !== 'Original');
    if (types.length === 0) {
      throw new AppError('usage', `${paramsFile}: imageType lists no filter (only Original or nothing)`);
    }
    for (const type of types) {
      if (!isFilterImageType(type)) {
        throw new AppError('image_type_unsupported', `imageType ${type} has no filter implementation`, {
          details: { imageType: type },
        });
      }
    }
    const image = readImage(resolve(imageFile));
    try {
      mkdirSync(outDir, { recursive: true });
    } catch (error) {
      throw new AppError('file_unwritable', `${outDir}: cannot create the folder`, { cause: error });
    }
    for (const type of types) {
      const result = applyImageType(image, type, settingsFor(params, type));
      for (const warning of result.warnings) io.stderr(`her2 filter: warning: ${warning}\n`);
      for (const filtered of result.images) {
        const file = path.join(outDir, `${filtered.name}.nii.gz`);
        try {
          writeFileSync(file, encodeNifti(filtered.volume, { gzip: true }));
        } catch (error) {
          throw new AppError('file_unwritable', `${file}: cannot be written`, { cause: error });
        }
        io.stdout(`${file}\n`);
      }
    }
    return 0;
  },
};
