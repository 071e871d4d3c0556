import { defineModule } from '../module';
import { EmploymentCheck, Graduation } from './graduation.entity';
import { GraduationResolver, SatisfactionSurveyResolver } from './graduates.resolver';
import { seedGraduates } from './graduates.seed';
import { toEmploymentCheckNode, toGraduationNode, toSatisfactionSurveyNode } from './graduates.types';
import { CompetenceArea, SatisfactionSurvey, SurveyScore } from './satisfaction-survey.entity';

/** Graduation, the three-year follow-up of employment, and employers' satisfaction surveys. */
export const graduatesModule = defineModule({
  name: 'graduates',
  entities: [Graduation, EmploymentCheck, CompetenceArea, SatisfactionSurvey, SurveyScore],
  resolvers: (s) => [new GraduationResolver(s.graduates), new SatisfactionSurveyResolver(s.graduates)],
  nodeTypes: {
    Graduation: { entity: Graduation, toNode: toGraduationNode },
    EmploymentCheck: { entity: EmploymentCheck, toNode: toEmploymentCheckNode },
    SatisfactionSurvey: { entity: SatisfactionSurvey, toNode: toSatisfactionSurveyNode },
  },
  seeders: [seedGraduates],
});
