export { identityModule } from './identity.module';
export { IdentityService, type DemoAccount } from './identity.service';
export { IdentityErrorCode } from './identity.messages';
export { AuthSession } from './auth-session.entity';
export { Invitation } from './invitation.entity';
export { LocalAccount } from './local-account.entity';
