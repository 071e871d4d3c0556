import { partiesVisibility } from '../db/scope';
import { GRADUATION_VISIBILITY } from '../graduates';
import type { IndicatorDefinition } from '../indicators';

const t = (en: string, ru: string, kk: string) => ({ kk, ru, en });
const col = (name: string, type: 'text' | 'id' | 'int' | 'number' | 'boolean', en: string, ru: string, kk: string) => ({
  name,
  type,
  definition: t(en, ru, kk),
});

/**
 * The main lists, downloadable like the indicators (same shape: columns, filters, scope, SQL).
 * Ordered by an indexed key, so a cursor sends the first rows at once however long the list.
 */
export const EXPORT_LISTS: readonly IndicatorDefinition[] = [
  {
    code: 'PLACEMENTS',
    name: t('Placements', 'Практики', 'Практикалар'),
    definition: t('Every placement you may see, by code.', 'Все доступные вам практики, по коду.', 'Сізге көрінетін барлық практикалар, код бойынша.'),
    columns: [
      col('code', 'text', 'Placement code.', 'Код практики.', 'Практика коды.'),
      col('status', 'text', 'Status.', 'Статус.', 'Мәртебе.'),
      col('heiBin', 'text', 'BIN of the HEI.', 'БИН вуза.', 'Оқу орнының БСН-і.'),
      col('employerBin', 'text', 'BIN of the employer.', 'БИН работодателя.', 'Жұмыс берушінің БСН-і.'),
      col('workplaceCode', 'text', 'Workplace code.', 'Код рабочего места.', 'Жұмыс орнының коды.'),
      col('startDate', 'text', 'First day.', 'Первый день.', 'Бірінші күн.'),
      col('endDate', 'text', 'Last day.', 'Последний день.', 'Соңғы күн.'),
      col('timeModel', 'text', 'Time model.', 'Модель времени.', 'Уақыт моделі.'),
    ],
    filters: ['heiId', 'employerId', 'fromYear', 'toYear'],
    visibility: partiesVisibility,
    scopeAlias: 'p',
    sql: `select p.code, p.status::text as status, h.bin as "heiBin", em.bin as "employerBin", w.code as "workplaceCode", p.start_date::text as "startDate",
                 p.end_date::text as "endDate", p.time_model::text as "timeModel"
            from placement p join organization h on h.id = p.hei_id join organization em on em.id = p.employer_id join workplace w on w.id = p.workplace_id
           where :scope and (:hei::uuid is null or p.hei_id = :hei::uuid) and (:employer::uuid is null or p.employer_id = :employer::uuid)
             and (:fromYear::int is null or p.start_date >= make_date(:fromYear::int, 1, 1)) and (:toYear::int is null or p.start_date < make_date(:toYear::int + 1, 1, 1))
           order by p.code`,
  },
  {
    code: 'EMPLOYMENT_CHECKS',
    name: t("Graduates' employment checks", 'Проверки трудоустройства выпускников', 'Түлектердің жұмысқа орналасуын тексеру'),
    definition: t(
      'Every employment check of the graduates you may see, by graduate and date.',
      'Все проверки трудоустройства доступных вам выпускников, по выпускнику и дате.',
      'Сізге көрінетін түлектердің барлық тексерулері, түлек пен күн бойынша.',
    ),
    columns: [
      col('graduationId', 'id', 'Row id of the graduation.', 'Идентификатор выпуска.', 'Бітірудің идентификаторы.'),
      col('graduate', 'text', "The graduate's full name.", 'ФИО выпускника.', 'Түлектің аты-жөні.'),
      col('heiBin', 'text', 'BIN of the HEI.', 'БИН вуза.', 'Оқу орнының БСН-і.'),
      col('programCode', 'text', 'Programme code.', 'Код программы.', 'Бағдарлама коды.'),
      col('graduatedOn', 'text', 'Day of graduation.', 'Дата выпуска.', 'Бітіру күні.'),
      col('checkedOn', 'text', 'Day of the check.', 'Дата проверки.', 'Тексеру күні.'),
      col('status', 'text', 'Status found.', 'Статус.', 'Мәртебе.'),
      col('employerName', 'text', 'Employer.', 'Работодатель.', 'Жұмыс беруші.'),
      col('atTrainingEmployer', 'boolean', 'At an employer of one of their placements.', 'У работодателя практики.', 'Практика берушіде.'),
      col('position', 'text', 'Position.', 'Должность.', 'Лауазым.'),
      col('workRegion', 'text', 'Region of the workplace.', 'Регион работы.', 'Жұмыс өңірі.'),
    ],
    filters: ['heiId', 'programId', 'fromYear', 'toYear'],
    visibility: GRADUATION_VISIBILITY,
    scopeAlias: 'c',
    sql: `select c.graduation_id as "graduationId", s.full_name as graduate, h.bin as "heiBin", pr.code as "programCode", g.graduated_on::text as "graduatedOn",
                 c.checked_on::text as "checkedOn", c.status::text as status, c.employer_name as "employerName", c.at_training_employer as "atTrainingEmployer",
                 c.position, c.work_region as "workRegion"
            from employment_check c join graduation g on g.id = c.graduation_id join person s on s.id = g.student_id
            join organization h on h.id = c.hei_id join program pr on pr.id = c.program_id
           where :scope and (:region::text is null or c.region = :region) and (:hei::uuid is null or c.hei_id = :hei::uuid) and (:program::uuid is null or c.program_id = :program::uuid)
             and (:fromYear::int is null or extract(year from g.graduated_on) >= :fromYear::int) and (:toYear::int is null or extract(year from g.graduated_on) <= :toYear::int)
           order by c.graduation_id, c.checked_on`,
  },
];
