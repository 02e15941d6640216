// Where the rig keeps things: everything it starts lives under the project's .data/ (git-ignored).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_ROOT = path.join(PROJECT_ROOT, '.data');
