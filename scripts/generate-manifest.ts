// `npm run manifest`: writes plugin-manifest.json from the code it describes.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildPluginManifest } from '../src/manifest/plugin-manifest.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
writeFileSync(
  new URL('../plugin-manifest.json', import.meta.url),
  `${JSON.stringify(buildPluginManifest(version), null, 2)}\n`,
);
console.log('wrote plugin-manifest.json');
