import { useCallback, useEffect, useState } from 'react';
import { defineMessages, useT } from '../i18n/i18n';
import { GraphQLRequestError } from '../graphql';
import { useSession } from '../session';

const m = defineMessages({
  failed: { kk: 'Сұрау орындалмады: {reason}', ru: 'Запрос не выполнен: {reason}', en: 'The request failed: {reason}' },
  forbidden: { kk: 'Бұл деректерге рұқсатыңыз жоқ.', ru: 'У вас нет доступа к этим данным.', en: 'You may not see this.' },
});

/** State of one request a page makes on its own (a list to show), re-run when `deps` change. */
export function useQuery<R>(run: () => Promise<R>, deps: readonly unknown[]) {
  const [state, setState] = useState<{ data?: R; error?: unknown; loading: boolean }>({ loading: true });
  const { refresh } = useSession();
  const load = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => {
        if (!live) return;
        // A session that ended (revoked, expired) sends the person back to the sign-in page.
        if (error instanceof GraphQLRequestError && error.code === 'UNAUTHENTICATED') void refresh(null);
        setState({ error, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, deps);
  useEffect(load, [load]);
  return { ...state, reload: load };
}

/** The failure of a request as one line in the person's language (shown where the data would be). */
export function RequestFailed({ error }: { error: unknown }) {
  const t = useT(m);
  if (!error) return null;
  const code = error instanceof GraphQLRequestError ? error.code : undefined;
  return (
    <p className="errors" role="alert">
      {code === 'FORBIDDEN' ? t('forbidden') : t('failed', { reason: error instanceof Error ? error.message : String(error) })}
    </p>
  );
}
