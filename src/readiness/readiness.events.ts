/** Domain event: a student earned readiness in a hazard category (webhooks `readiness.recorded`). */
export const READINESS_RECORDED = 'readiness.recorded';
/** Domain event: a student's readiness in a hazard category was revoked (webhooks `readiness.revoked`). */
export const READINESS_REVOKED = 'readiness.revoked';
