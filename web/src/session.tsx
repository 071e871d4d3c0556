import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { auth, type AuthViewer } from './auth';
import { closeLiveClient, graphql, request, type ResultOf } from './graphql';
import { navigate } from './router';

const ViewerQuery = graphql(`
  query ConsoleViewer {
    viewer {
      role
      person {
        id
        fullName
      }
      activeMembership {
        role
        organization {
          id
          kind
          name {
            kk
            ru
            en
          }
        }
      }
      memberships {
        role
        organization {
          id
          kind
          bin
          name {
            kk
            ru
            en
          }
        }
      }
    }
  }
`);

/** What the GraphQL `viewer` says about the signed-in person (organisation kinds and names). */
export type GraphViewer = ResultOf<typeof ViewerQuery>['viewer'];

/** The signed-in person: the `/auth` view (membership ids) and the GraphQL view (kinds, names). */
export interface Signed {
  auth: AuthViewer;
  graph: GraphViewer;
}

interface SessionState {
  /** undefined while loading, null when signed out. */
  signed: Signed | null | undefined;
  /** Fetches the viewer again (after sign-in or a membership switch). */
  refresh(viewer?: AuthViewer | null): Promise<void>;
  signOut(): Promise<void>;
  switchMembership(membershipId: string): Promise<void>;
}

const SessionContext = createContext<SessionState>(null as unknown as SessionState);

/** Loads the session once; pages read it with {@link useSession}. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [signed, setSigned] = useState<Signed | null | undefined>(undefined);
  const refresh = useCallback(async (known?: AuthViewer | null) => {
    const viewer = known === undefined ? await auth.session() : known;
    if (!viewer) return setSigned(null);
    const { viewer: graph } = await request(ViewerQuery);
    setSigned({ auth: viewer, graph });
  }, []);
  useEffect(() => {
    refresh().catch(() => setSigned(null));
  }, [refresh]);
  const signOut = useCallback(async () => {
    await auth.signOut().catch(() => undefined);
    closeLiveClient();
    setSigned(null);
  }, []);
  const switchMembership = useCallback(
    async (membershipId: string) => {
      const viewer = await auth.switchMembership(membershipId);
      closeLiveClient();
      await refresh(viewer);
      // Another organisation, other pages: land on the first one it allows.
      navigate('');
    },
    [refresh],
  );
  return <SessionContext.Provider value={{ signed, refresh, signOut, switchMembership }}>{children}</SessionContext.Provider>;
}

/** The session state and its actions. */
export const useSession = () => useContext(SessionContext);

/** The signed-in person (only inside pages, which are shown signed in). */
export function useSigned(): Signed {
  const { signed } = useSession();
  if (!signed) throw new Error('useSigned outside a signed-in page');
  return signed;
}
