export { EmploymentCheck, Graduation } from './graduation.entity';
export { CompetenceArea, SatisfactionSurvey, SurveyScore } from './satisfaction-survey.entity';
export { EmploymentStatus, FOLLOW_UP_CALENDAR, addMonths } from './graduates.rules';
export { GRADUATION_VISIBILITY, SURVEY_VISIBILITY, outcomeVisibility, programsOpenToAgency } from './graduates.scope';
export { GraduatesErrorCode, GRADUATES_MESSAGES } from './graduates.messages';
export { GraduatesService } from './graduates.service';
export { graduatesModule } from './graduates.module';
export { readOutcomesFixture, type OutcomesFixture } from './graduates.seed';
