import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

// The project runs on its own Node (node-linux-* in optionalDependencies, linked as
// node_modules/.bin/node, which npm scripts put first on PATH), not on the machine's system Node.
const ROOT = path.join(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  optionalDependencies: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean; os?: string[]; cpu?: string[] }>;
};

test('npm test runs on the Node pinned in package.json, not on the system Node', () => {
  // Printed so the CI log shows which runtime ran the suite.
  console.log(`tests run on Node ${process.version} (${process.execPath})`);
  const pinned = manifest.optionalDependencies[`node-${process.platform}-${process.arch}`];
  expect(pinned).toBeDefined();
  expect(process.version).toBe(`v${pinned}`);
  expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true);
});

test('every pinned runtime is the same Node 24 LTS release and satisfies our engines', () => {
  const runtimes = Object.entries(manifest.optionalDependencies).filter(([name]) => /^node-(linux|darwin|win)-/.test(name));
  expect(runtimes.length).toBeGreaterThan(0);
  expect(new Set(runtimes.map(([, version]) => version)).size).toBe(1);
  for (const [, version] of runtimes) {
    expect(semver.major(version)).toBe(24);
    expect(semver.satisfies(version, manifest.engines.node)).toBe(true);
  }
});

test('every locked package accepts this Node (what npm checks for EBADENGINE)', () => {
  const refused = Object.entries(lock.packages)
    .filter(([, entry]) => entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
    .filter(([, entry]) => !semver.satisfies(process.version, (entry.engines as { node: string }).node, { includePrerelease: true }))
    .map(([where, entry]) => `${where || 'dualhub'} wants node ${(entry.engines as { node: string }).node}`);
  expect(refused).toEqual([]);
});
