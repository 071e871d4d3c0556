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
  // Regional indicators and CSV/XLSX exports (the dual-cycle issues) go here, as `indicators`,
  // allowed to regionalBody, with their component in ./council/.
  {
    path: 'classroom',
    title: { kk: 'Тренажер сыныбы', ru: 'Тренажёрный класс', en: 'Simulator classroom' },
    allowed: (a) => a.role === 'LAB_INSTRUCTOR',
    component: lazy(() => import('./classroom/classroom-page')),
  },
  {
    path: 'session',
    title: { kk: 'Жаттығу сеансы', ru: 'Сеанс упражнения', en: 'Training session' },
    allowed: (a) => a.role === 'LAB_INSTRUCTOR',
    component: lazy(() => import('./classroom/session-page')),
  },
  {
    path: 'trainer',
    title: { kk: 'Виртуалды пульт', ru: 'Виртуальный пульт', en: 'Virtual trainer panel' },
    allowed: (a) => a.role === 'STUDENT',
    component: lazy(() => import('./trainer/trainer-page')),
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
