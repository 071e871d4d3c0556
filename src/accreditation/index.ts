export { AccreditationCondition, AccreditationDecision, AccreditationRequest } from './accreditation.entity';
export { AccreditationKind, AccreditationOutcome } from './accreditation.rules';
export { AccreditationErrorCode, ACCREDITATION_MESSAGES } from './accreditation.messages';
export { AccreditationService } from './accreditation.service';
export { accreditationModule } from './accreditation.module';
