/** Domain event: a student earned readiness in a hazard category (webhooks `readiness.recorded`). */
export const READINESS_RECORDED = 'readiness.recorded';
/** Domain event: a student's readiness in a hazard category was revoked (webhooks `readiness.revoked`). */
export const READINESS_REVOKED = 'readiness.revoked';
/**
 * Domain event: the clearance of a placement (its student for its workplace) changed because the
 * student's readiness was recorded or revoked (webhooks `clearance.changed`, subject the Placement).
 */
export const CLEARANCE_CHANGED = 'clearance.changed';
