export { Agreement, AgreementKind, AgreementParty, AgreementStatus } from './agreement.entity';
export { AgreementSignature } from './agreement-signature.entity';
export { AgreementService } from './agreement.service';
export { AgreementErrorCode, AGREEMENT_MESSAGES } from './agreement.messages';
export { missingParties, periodWithin, requiredParties } from './agreement.rules';
export { AgreementNode, toAgreementNode, DATE_PATTERN } from './agreement.types';
export { seedAgreements } from './agreement.seed';
export { agreementsModule } from './agreements.module';
