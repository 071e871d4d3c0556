import { defineModule } from '../module';
import { AuthSession } from './auth-session.entity';
import { InvitationResolver, ViewerPersonResolver } from './identity.resolver';
import { identityRoutes } from './identity.routes';
import { Invitation } from './invitation.entity';
import { mailerFor } from './invitation.mailer';
import { SecondFactorPolicy } from './second-factor-policy.entity';
import { LocalAccount } from './local-account.entity';

/** People sign in as themselves: invitations, local passwords, sessions (`/auth`), the viewer's person. */
export const identityModule = defineModule({
  name: 'identity',
  entities: [LocalAccount, Invitation, AuthSession, SecondFactorPolicy],
  resolvers: (s) => [new InvitationResolver(s.identity), new ViewerPersonResolver(s.identity)],
  routes: (s, deps) => ({ '/auth': identityRoutes({ ...deps, identity: s.identity }) }),
  // Not a worker as such: at start, invitations get their mail transport when SMTP_URL is set.
  workers: async (s, { config, log }) => {
    const mailer = mailerFor(config, log);
    s.identity.useMailer(mailer);
    return () => mailer.close();
  },
});
