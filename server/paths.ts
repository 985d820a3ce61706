/** Where the server finds what it serves: the built clients and the demo pages. */
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));
export const DEMO_DIR = fileURLToPath(new URL('./public/demo/', import.meta.url));
