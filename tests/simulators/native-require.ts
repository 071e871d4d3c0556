import Module from 'node:module';
import path from 'node:path';

type NodeModule = { filename: string; paths: string[]; require(id: string): unknown };
type ModuleClass = { new (id: string): NodeModule; _nodeModulePaths(dir: string): string[] };

/**
 * A `require` that goes through Node's own loader instead of jest's module registry.
 * node-opcua 2.183 ships ES modules (node-opcua-transport, hexy) that jest 30 cannot require on
 * Node 20, while Node itself can (require(esm) since Node 20.19). TypeScript files loaded this way
 * are compiled by the project's SWC hook (scripts/register.js), as under `npm start`.
 */
export function nativeRequire(fromFile: string): (id: string) => unknown {
  const M = Module as unknown as ModuleClass;
  const host = new M(fromFile);
  host.filename = fromFile;
  host.paths = M._nodeModulePaths(path.dirname(fromFile));
  host.require(path.join(__dirname, '..', '..', 'scripts', 'register.js'));
  return (id: string) => host.require(id.startsWith('.') ? path.resolve(path.dirname(fromFile), id) : id);
}
