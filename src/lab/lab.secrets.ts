import type { EntityManager } from '@mikro-orm/core';
import type { SecretBox } from '../shared/secret-box';
import { StationSecret } from './station-secret.entity';

/**
 * Station passwords of the API process's own lab runtime, per organisation. A station row names a
 * secret (`passwordSecret`), never holds it; the runtime looks it up under the station's own
 * organisation, so a station can only ever use a secret its organisation registered. Nothing is
 * read from the process environment: no tenant input may make the server disclose an environment
 * value (issue 12 item 1). One instance per app, made by the composition root.
 *
 * Secrets registered through the API are stored sealed in `station_secret` (envelope encryption
 * under the key-encryption key of {@link secretBoxFor}) and loaded when a session starts, so
 * every API process sees a rotation at its next session. The stand-in robot cell's random
 * password started by `npm start` is an in-process secret of the fixture lab's organisation.
 *
 * A lab agent resolves passwords on its own machine instead (see `lab-agent.ts`).
 */
export class LabSecrets {
  private readonly secrets = new Map<string, string>();
  private box?: SecretBox;

  /** Gives the store its sealing box (from configuration, at start). */
  useBox(box: SecretBox): void {
    this.box = box;
  }

  /** Sets (or rotates) an organisation's in-process secret (the stand-ins', tests'). */
  set(organizationId: string, name: string, value: string): void {
    this.secrets.set(key(organizationId, name), value);
  }

  /** The organisation's secret with this name as last loaded; undefined when unknown. */
  get(organizationId: string, name: string | undefined | null): string | undefined {
    if (!name) return undefined;
    return this.secrets.get(key(organizationId, name));
  }

  /** Whether the organisation registered a secret with this name (in-process or stored). */
  async exists(em: EntityManager, organizationId: string, name: string): Promise<boolean> {
    if (this.secrets.has(key(organizationId, name))) return true;
    return (await em.count(StationSecret, { organization: organizationId, name }, { filters: false })) > 0;
  }

  /** Seals and stores (or replaces) an organisation's secret; the caller's transaction flushes it. */
  async store(em: EntityManager, organizationId: string, name: string, value: string): Promise<StationSecret> {
    const sealed = await this.requireBox().seal(value, associatedData(organizationId, name));
    const existing = await em.findOne(StationSecret, { organization: organizationId, name }, { filters: false });
    if (existing) {
      existing.sealed = sealed;
      existing.updatedAt = new Date();
      return existing;
    }
    return em.create(StationSecret, { organization: organizationId, name, sealed });
  }

  /** Deletes an organisation's stored secret (and any in-process copy); true when there was one. */
  async remove(em: EntityManager, organizationId: string, name: string): Promise<boolean> {
    this.secrets.delete(key(organizationId, name));
    return (await em.nativeDelete(StationSecret, { organization: organizationId, name }, { filters: false })) > 0;
  }

  /** Refreshes a secret from the database before a session uses it (a stored value wins). */
  async load(em: EntityManager, organizationId: string, name: string | undefined | null): Promise<void> {
    if (!name) return;
    const row = await em.findOne(StationSecret, { organization: organizationId, name }, { filters: false, populate: ['sealed'], disableIdentityMap: true });
    if (!row) return;
    this.secrets.set(key(organizationId, name), await this.requireBox().open(row.sealed, associatedData(organizationId, name)));
  }

  private requireBox(): SecretBox {
    if (!this.box) throw new Error('LabSecrets: no secret box (startDualHub gives one from the configuration)');
    return this.box;
  }
}

const key = (organizationId: string, name: string) => `${organizationId}\u0000${name}`;
const associatedData = (organizationId: string, name: string) => `station-secret:${organizationId}:${name}`;

// The box is the app's one SecretBox (also sealing the readiness signing keys); it lives in shared.
export { secretBoxFor } from '../shared/secret-box';
