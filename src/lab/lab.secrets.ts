/**
 * Station passwords of the API process's own lab runtime, per organisation. A station row names a
 * secret (`passwordSecret`), never holds it; the runtime looks it up under the station's own
 * organisation, so a station can only ever use a secret its organisation registered. Nothing is
 * read from the process environment: no tenant input may make the server disclose an environment
 * value (issue 12 item 1). The stand-in robot cell's random password started by `npm start` is a
 * secret of the fixture lab's organisation. One instance per app, made by the composition root.
 *
 * A lab agent resolves passwords on its own machine instead (see `lab-agent.ts`).
 */
export class LabSecrets {
  private readonly secrets = new Map<string, string>();

  /** Sets (or rotates) an organisation's secret. */
  set(organizationId: string, name: string, value: string): void {
    this.secrets.set(key(organizationId, name), value);
  }

  /** Deletes an organisation's secret; true when there was one. */
  delete(organizationId: string, name: string): boolean {
    return this.secrets.delete(key(organizationId, name));
  }

  /** Whether the organisation registered a secret with this name. */
  has(organizationId: string, name: string): boolean {
    return this.secrets.has(key(organizationId, name));
  }

  /** The organisation's secret with this name; undefined when it registered none. */
  get(organizationId: string, name: string | undefined | null): string | undefined {
    if (!name) return undefined;
    return this.secrets.get(key(organizationId, name));
  }
}

const key = (organizationId: string, name: string) => `${organizationId}\u0000${name}`;
