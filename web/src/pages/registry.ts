import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { LocalizedText } from '../i18n/i18n';
import type { GraphViewer } from '../session';

/** Who is acting: the active membership's role and its organisation's kind. */
export interface Acting {
  role: NonNullable<GraphViewer['activeMembership']>['role'];
  kind: NonNullable<NonNullable<GraphViewer['activeMembership']>['organization']>['kind'] | undefined;
}

/** One page of the console. Add a page by adding an entry here (see web/README.md). */
export interface PageDef {
  /** Path after `#/`, e.g. `clearance`; also the page's id in tests. */
  path: string;
  /** Its name in the navigation and as the page's heading. */
  title: LocalizedText;
  /** Whether the active membership may open it (the API still decides what it may see). */
  allowed(acting: Acting): boolean;
  /** The page component, loaded when first opened (its code is not in the first load). */
  component: LazyExoticComponent<ComponentType>;
  /** False for a page reached only through a link with its parameters (a session needs its id); default true. */
  inNav?: boolean;
}

const employerSide = (a: Acting) => a.kind === 'EMPLOYER' && a.role !== 'STUDENT';
const regionalBody = (a: Acting) => a.kind === 'COORDINATOR' || a.kind === 'INDUSTRY_COUNCIL' || a.kind === 'AUTHORITY';

/** The pages, in navigation order; a person lands on the first one their membership allows. */
export const PAGES: PageDef[] = [
  {
    path: 'pipeline',
    title: { kk: 'Сұраныстан қабылдауға дейін', ru: 'От спроса до приёма', en: 'Demand to admission' },
    allowed: regionalBody,
    component: lazy(() => import('./council/pipeline-page')),
  },
  {
    path: 'indicators',
    title: { kk: 'Өңірлік көрсеткіштер', ru: 'Региональные показатели', en: 'Regional indicators' },
    allowed: regionalBody,
    component: lazy(() => import('./council/indicators-page')),
  },
  {
    path: 'clearance',
    title: { kk: 'Рұқсатты тексеру', ru: 'Проверка допуска', en: 'Clearance check' },
    allowed: (a) => employerSide(a) || a.kind === 'COORDINATOR',
    component: lazy(() => import('./employer/clearance-page')),
  },
  {
    path: 'placements',
    title: { kk: 'Практикалар', ru: 'Практики', en: 'Placements' },
    allowed: (a) => employerSide(a) || a.kind === 'COORDINATOR',
    component: lazy(() => import('./employer/placements-page')),
  },
  {
    path: 'classroom',
    title: { kk: 'Тренажер сыныбы', ru: 'Тренажёрный класс', en: 'Simulator classroom' },
    allowed: (a) => a.role === 'LAB_INSTRUCTOR',
    component: lazy(() => import('./classroom/classroom-page')),
  },
  {
    path: 'sessions',
    title: { kk: 'Сеанстар тарихы', ru: 'История сеансов', en: 'Sessions history' },
    allowed: (a) => a.role === 'LAB_INSTRUCTOR',
    component: lazy(() => import('./history/sessions-page')),
  },
  {
    path: 'session',
    title: { kk: 'Жаттығу сеансы', ru: 'Сеанс упражнения', en: 'Training session' },
    allowed: (a) => a.role === 'LAB_INSTRUCTOR',
    component: lazy(() => import('./classroom/session-page')),
    inNav: false,
  },
  {
    path: 'trainer',
    title: { kk: 'Виртуалды пульт', ru: 'Виртуальный пульт', en: 'Virtual trainer panel' },
    allowed: (a) => a.role === 'STUDENT',
    component: lazy(() => import('./trainer/trainer-page')),
  },
  {
    path: 'credentials',
    title: { kk: 'Куәліктер', ru: 'Удостоверения', en: 'Credentials' },
    allowed: (a) => a.kind === 'HEI' || a.kind === 'COORDINATOR',
    component: lazy(() => import('./credentials/credentials-page')),
  },
  {
    path: 'verify',
    title: { kk: 'Куәлікті тексеру', ru: 'Проверка удостоверения', en: 'Verify a credential' },
    allowed: () => true,
    component: lazy(() => import('./verify/verify-page')),
  },
];

/** The pages `acting` may open, in navigation order. */
export const pagesFor = (acting: Acting) => PAGES.filter((p) => p.allowed(acting));

/** The pages `acting` may open that the navigation lists (not those reached only by a link). */
export const navPagesFor = (acting: Acting) => pagesFor(acting).filter((p) => p.inNav !== false);
