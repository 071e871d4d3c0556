import { organizationEntities } from '../organizations';
import { agreementEntities } from '../agreements';
import { auditEntities } from '../audit';
import { hazardEntities } from '../hazards';
import { placementEntities } from '../placements';
import { workplaceEntities } from '../workplaces';
import { programEntities } from '../programs';
import { labEntities } from '../lab';
import { readinessEntities } from '../readiness';

/**
 * Every entity of every context. A context adds its list here; the ORM, the migrator and the
 * schema generator all read this one array.
 */
export const entities = [...organizationEntities, ...auditEntities, ...hazardEntities, ...workplaceEntities, ...agreementEntities, ...placementEntities, ...programEntities, ...labEntities, ...readinessEntities];
