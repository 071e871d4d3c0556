import { partiesVisibility } from '../db/scope';
import { GRADUATION_VISIBILITY } from '../graduates';
import { defineIndicator, type IndicatorDefinition } from '../indicators';
import { inForceAtSql, READINESS_RECORD_VISIBILITY } from '../readiness';

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
  defineIndicator({
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
    filterOn: { heiId: 'p.hei_id', employerId: 'p.employer_id', date: 'p.start_date' },
    visibility: partiesVisibility,
    scopeAlias: 'p',
    entity: 'Placement',
    sql: (
      where,
    ) => `select p.code, p.status::text as status, h.bin as "heiBin", em.bin as "employerBin", w.code as "workplaceCode", p.start_date::text as "startDate",
                 p.end_date::text as "endDate", p.time_model::text as "timeModel"
            from placement p join organization h on h.id = p.hei_id join organization em on em.id = p.employer_id join workplace w on w.id = p.workplace_id
           where ${where}
           order by p.code`,
  }),
  defineIndicator({
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
    filterOn: { region: 'c.region', heiId: 'c.hei_id', programId: 'c.program_id', year: 'extract(year from g.graduated_on)' },
    visibility: GRADUATION_VISIBILITY,
    scopeAlias: 'c',
    entity: 'EmploymentCheck',
    sql: (
      where,
    ) => `select c.graduation_id as "graduationId", s.full_name as graduate, h.bin as "heiBin", pr.code as "programCode", g.graduated_on::text as "graduatedOn",
                 c.checked_on::text as "checkedOn", c.status::text as status, c.employer_name as "employerName", c.at_training_employer as "atTrainingEmployer",
                 c.position, c.work_region as "workRegion"
            from employment_check c join graduation g on g.id = c.graduation_id join person s on s.id = g.student_id
            join organization h on h.id = c.hei_id join program pr on pr.id = c.program_id
           where ${where}
           order by c.graduation_id, c.checked_on`,
  }),
  defineIndicator({
    code: 'READINESS_RECORDS',
    name: t('Readiness records', 'Записи о готовности', 'Дайындық жазбалары'),
    definition: t(
      "Every simulator readiness record of the students you may see (earned in the lab, refreshed, manual, revoked), by student and newest first; `current` tells whether it is the student's latest record in the category and valid now (what clearance reads).",
      'Все записи о тренажёрной готовности доступных вам студентов (полученные в лаборатории, обновлённые, ручные, отозванные), по студенту, новые первыми; `current` — последняя запись студента по категории и действует сейчас (её читает допуск).',
      'Сізге көрінетін студенттердің тренажерлік дайындығының барлық жазбалары (зертханада алынған, жаңартылған, қолмен енгізілген, қайтарылған), студент бойынша, жаңалары алдымен; `current` — студенттің санат бойынша соңғы жазбасы және қазір жарамды (рұқсат соны оқиды).',
    ),
    columns: [
      col('studentId', 'id', 'Row id of the student.', 'Идентификатор студента.', 'Студенттің идентификаторы.'),
      col('student', 'text', "The student's full name.", 'ФИО студента.', 'Студенттің аты-жөні.'),
      col('hazardCategory', 'text', 'Hazard category code.', 'Код категории опасности.', 'Қауіп санатының коды.'),
      col('kind', 'text', 'SIMULATOR, REFRESHER, MANUAL or REVOCATION.', 'Вид записи.', 'Жазба түрі.'),
      col('earnedAt', 'text', 'When it was earned (or revoked), ISO 8601.', 'Когда получена (или отозвана).', 'Қашан алынды (немесе қайтарылды).'),
      col('validUntil', 'text', 'End of validity (exclusive), ISO 8601; empty for a revocation.', 'Действует до (не включая).', 'Жарамдылық мерзімінің соңы.'),
      col('exerciseId', 'text', 'The exercise whose pass completed it.', 'Упражнение, завершившее её.', 'Оны аяқтаған жаттығу.'),
      col('score', 'int', 'Score of that pass (0–100).', 'Балл (0–100).', 'Балл (0–100).'),
      col(
        'current',
        'boolean',
        "The student's latest record in the category, not a revocation, and valid now.",
        'Последняя запись по категории, не отзыв, действует сейчас.',
        'Санат бойынша соңғы жазба, қайтару емес, қазір жарамды.',
      ),
    ],
    filterOn: { date: 'r.earned_at' },
    visibility: READINESS_RECORD_VISIBILITY,
    scopeAlias: 'r',
    relations: ['student'],
    entity: 'ReadinessRecord',
    // Walks readiness_record_default_order (student, earned_at desc, id); `current` is the clearance's
    // own rule (inForceAtSql), one probe of readiness_record_in_force per row.
    sql: (where) => `select r.student_id as "studentId", s.full_name as student, hc.code as "hazardCategory", r.kind::text as kind,
                 r.earned_at as "earnedAt", r.valid_until as "validUntil", r.exercise_id as "exerciseId", r.score::int as score,
                 ${inForceAtSql('r', 'now()')} as current
            from readiness_record r join person s on s.id = r.student_id join hazard_category hc on hc.id = r.hazard_category_id
           where ${where}
           order by r.student_id, r.earned_at desc, r.id`,
  }),
];
