/**
 * Where station passwords come from. A station row names a secret (`passwordEnv`), never holds
 * it: the secret lives on the machine that runs the station's sessions, as an environment
 * variable, or in-process (the stand-in robot cell started by `npm start` gets a random password
 * per start, set on the app's {@link LabSecrets}). One instance per app (or lab agent), made by
 * the composition root; no process-wide state.
 */
export class LabSecrets {
  private readonly secrets = new Map<string, string>();

  /** @param env Where names not set in-process are looked up; default `process.env`. */
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** Sets an in-process secret under a name (takes precedence over the environment). */
  set(name: string, value: string): void {
    this.secrets.set(name, value);
  }

  /** The secret with this name, from this object or the environment; undefined when unknown. */
  get(name: string | undefined | null): string | undefined {
    if (!name) return undefined;
    return this.secrets.get(name) ?? this.env[name];
  }
}
