import { defineMessages } from '../i18n/i18n';

/** Texts of the shell (header, navigation, common words), keyed by code. */
export const shellMessages = defineMessages({
  appName: { kk: 'DualHub', ru: 'DualHub', en: 'DualHub' },
  skipToContent: { kk: 'Мазмұнға өту', ru: 'Перейти к содержимому', en: 'Skip to content' },
  language: { kk: 'Тіл', ru: 'Язык', en: 'Language' },
  navigation: { kk: 'Беттер', ru: 'Разделы', en: 'Pages' },
  membership: { kk: 'Қай ұйым атынан', ru: 'От имени организации', en: 'Acting for' },
  signOut: { kk: 'Шығу', ru: 'Выйти', en: 'Sign out' },
  loading: { kk: 'Жүктелуде…', ru: 'Загрузка…', en: 'Loading…' },
  noPages: {
    kk: 'Бұл рөлге арналған беттер әлі жоқ. Басқа мүшелікті таңдаңыз.',
    ru: 'Для этой роли страниц пока нет. Выберите другое членство.',
    en: 'There are no pages for this role yet. Choose another membership.',
  },
  notFound: { kk: 'Бет табылмады.', ru: 'Страница не найдена.', en: 'Page not found.' },
  failed: { kk: 'Сұрау орындалмады: {reason}', ru: 'Запрос не выполнен: {reason}', en: 'The request failed: {reason}' },
  signedOut: {
    kk: 'Сеанс аяқталды. Қайта кіріңіз.',
    ru: 'Сеанс завершён. Войдите снова.',
    en: 'Your session has ended. Please sign in again.',
  },
  roleCURATOR: { kk: 'Куратор', ru: 'Куратор', en: 'Curator' },
  roleLAB_INSTRUCTOR: { kk: 'Зертхана нұсқаушысы', ru: 'Инструктор лаборатории', en: 'Lab instructor' },
  roleMENTOR: { kk: 'Тәлімгер', ru: 'Наставник', en: 'Mentor' },
  roleSAFETY_OFFICER: { kk: 'Еңбек қауіпсіздігі маманы', ru: 'Специалист по охране труда', en: 'Safety officer' },
  roleSTAFF: { kk: 'Қызметкер', ru: 'Сотрудник', en: 'Staff' },
  roleSTUDENT: { kk: 'Студент', ru: 'Студент', en: 'Student' },
});
