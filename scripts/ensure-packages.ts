// Installs the Debian packages the project needs when they are missing (as root), or names them.
import { describeError } from '../src/errors/index.js';
import { ensurePackages, REQUIRED_PACKAGES } from '../src/local-services/index.js';

try {
  await ensurePackages(REQUIRED_PACKAGES, { progress: (line) => console.log(`setup: ${line}`) });
} catch (error) {
  console.error(`setup: ${describeError(error)}`);
  process.exit(1);
}
