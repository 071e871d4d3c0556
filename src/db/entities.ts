import { organizationEntities } from '../organizations';

/**
 * Every entity of every context. A context adds its list here; the ORM, the migrator and the
 * schema generator all read this one array.
 */
export const entities = [...organizationEntities];
