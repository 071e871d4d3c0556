import { defineModule } from '../module';
import { ExamAdmission, ExamCommissionMember, ProductionExam } from './production-exam.entity';
import { ProductionExamResolver } from './production-exam.resolver';
import { toProductionExamNode } from './production-exam.types';

/** The production exam: materials in time, the 50/50 commission, the council's admission decisions. */
export const assessmentModule = defineModule({
  name: 'assessment',
  entities: [ProductionExam, ExamCommissionMember, ExamAdmission],
  resolvers: (s) => [new ProductionExamResolver(s.productionExams)],
  nodeTypes: { ProductionExam: { entity: ProductionExam, toNode: toProductionExamNode } },
});
