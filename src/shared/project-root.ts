import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder holding the project's package.json, found by walking up from this file, so paths
 * to `fixtures/`, `.data/` and friends are right both from the TypeScript sources (`src/…`)
 * and from the compiled build (`dist/src/…`).
 */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}
