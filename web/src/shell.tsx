import { Suspense, useEffect, useRef } from 'react';
import { LANGUAGES, useLang, useLocalized, useT, type Lang } from './i18n/i18n';
import { navPagesFor, pagesFor, type Acting } from './pages/registry';
import SignInPage from './pages/sign-in-page';
import { hrefOf, navigate, useRoute } from './router';
import { useSession, type Signed } from './session';
import { shellMessages } from './ui/messages';

const LANGUAGE_NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/** The language switch: three buttons, the active one pressed (keyboard: Tab + Enter). */
export function LanguageSwitch() {
  const { lang, setLang } = useLang();
  const t = useT(shellMessages);
  return (
    <div className="lang-switch" role="group" aria-label={t('language')}>
      {LANGUAGES.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === lang} onClick={() => setLang(l)} data-lang={l}>
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </div>
  );
}

function actingOf(signed: Signed): Acting {
  const active = signed.graph.activeMembership;
  return { role: active?.role ?? 'STAFF', kind: active?.organization?.kind };
}

/** The frame of every page: header (who, membership, language, sign-out), navigation, the page. */
export function Shell() {
  const { signed } = useSession();
  const t = useT(shellMessages);
  if (signed === undefined) return <p className="loading">{t('loading')}</p>;
  return (
    <>
      <a className="skip" href="#main">
        {t('skipToContent')}
      </a>
      {signed ? (
        <SignedIn signed={signed} />
      ) : (
        <>
          <header className="top">
            <span className="brand">{t('appName')}</span>
            <LanguageSwitch />
          </header>
          <SignInPage />
        </>
      )}
    </>
  );
}

function SignedIn({ signed }: { signed: Signed }) {
  const t = useT(shellMessages);
  const { lang } = useLang();
  const name = useLocalized();
  const { signOut, switchMembership } = useSession();
  const route = useRoute();
  const pages = pagesFor(actingOf(signed));
  const listed = navPagesFor(actingOf(signed));
  const page = pages.find((p) => p.path === route.path);
  const main = useRef<HTMLElement>(null);

  // Land on the first page the membership allows; a page it does not allow is not shown.
  useEffect(() => {
    if (!page && listed[0] && (route.path === '' || !pages.some((p) => p.path === route.path))) navigate(listed[0].path);
  }, [page, pages, listed, route.path]);
  // Move focus to the new page's content, so keyboard and screen-reader users start there.
  useEffect(() => {
    if (page) main.current?.focus();
  }, [page]);

  const memberships = signed.auth.memberships;
  return (
    <>
      <header className="top">
        <span className="brand">{t('appName')}</span>
        <span className="who" data-testid="who">
          {signed.auth.person.fullName}
        </span>
        {memberships.length > 1 ? (
          <label className="membership">
            <span>{t('membership')}</span>
            <select value={signed.auth.activeMembershipId} onChange={(e) => void switchMembership(e.target.value)}>
              {memberships.map((ms, i) => {
                const org = signed.graph.memberships[i]?.organization;
                return (
                  <option key={ms.id} value={ms.id}>
                    {`${name(org?.name) || ms.organizationBin} — ${t(`role${ms.role}`)}`}
                  </option>
                );
              })}
            </select>
          </label>
        ) : (
          <span className="membership">
            {name(signed.graph.activeMembership?.organization?.name)} — {t(`role${signed.graph.activeMembership?.role ?? 'STAFF'}`)}
          </span>
        )}
        <LanguageSwitch />
        <button type="button" className="sign-out" onClick={() => void signOut()}>
          {t('signOut')}
        </button>
      </header>
      <nav aria-label={t('navigation')} className="pages">
        <ul>
          {listed.map((p) => (
            <li key={p.path}>
              <a href={hrefOf(p.path)} aria-current={p === page ? 'page' : undefined} data-page={p.path}>
                {p.title[lang]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1} data-page={page?.path}>
        {page ? (
          <>
            <h1>{page.title[lang]}</h1>
            <Suspense fallback={<p className="loading">{t('loading')}</p>}>
              <page.component />
            </Suspense>
          </>
        ) : (
          <p>{pages.length ? t('loading') : t('noPages')}</p>
        )}
      </main>
    </>
  );
}
