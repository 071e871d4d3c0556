/**
 * Where station passwords come from. A station row names a secret (`passwordEnv`), never holds
 * it: the secret lives on the machine that runs the station's sessions, as an environment
 * variable, or in-process (the stand-in robot cell started by `npm start` gets a random password
 * per start, registered here).
 */

const secrets = new Map<string, string>();

/** Registers an in-process secret under a name (takes precedence over the environment). */
export function setLabSecret(name: string, value: string): void {
  secrets.set(name, value);
}

/** The secret with this name, from this process or its environment; undefined when unknown. */
export function labSecret(name: string | undefined | null): string | undefined {
  if (!name) return undefined;
  return secrets.get(name) ?? process.env[name];
}
