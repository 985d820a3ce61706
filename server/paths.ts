/**
 * Where the server finds what it serves and reads: the built clients, the demo pages, its data.
 * Every path starts at the project's root, found by walking up from this module to the folder
 * with package.json, so it is the same whether the server runs from its sources (server/) or from
 * its production bundle (build/server/).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function projectRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let folder = here; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`No package.json above ${here}: cannot tell where the project is`);
  }
}

export const PROJECT_ROOT = projectRoot();
export const DIST_DIR = join(PROJECT_ROOT, 'dist');
export const DEMO_DIR = join(PROJECT_ROOT, 'server', 'public', 'demo');
export const COMMON_PASSWORDS_FILE = join(PROJECT_ROOT, 'server', 'data', 'common-passwords.txt');
