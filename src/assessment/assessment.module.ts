import { defineModule } from '../module';
import { CompetenceCertificate } from './competence-certificate.entity';
import { toCompetenceCertificateNode } from './competence-certificate.types';
import { ExamResult } from './exam-result.entity';
import { IntermediateControlResult } from './intermediate-control.entity';
import { IntermediateControlResolver } from './intermediate-control.resolver';
import { toIntermediateControlResultNode } from './intermediate-control.types';
import { GradeBand } from './grading.entity';
import { seedGradingScales } from './grading.seed';
import { seedProductionExams } from './production-exam.seed';
import { ExamAdmission, ExamCommissionMember, ProductionExam } from './production-exam.entity';
import { ExamResultResolver, PlacementExamResultResolver, ProductionExamResolver } from './production-exam.resolver';
import { toExamResultNode, toProductionExamNode } from './production-exam.types';

/** The production exam: materials in time, the 50/50 commission, the council's admission decisions, results on the national scale, the certificate of professional competence, intermediate control. */
export const assessmentModule = defineModule({
  name: 'assessment',
  entities: [GradeBand, ProductionExam, ExamCommissionMember, ExamAdmission, ExamResult, CompetenceCertificate, IntermediateControlResult],
  resolvers: (s) => [
    new ProductionExamResolver(s.productionExams),
    new ExamResultResolver(s.certificates),
    new PlacementExamResultResolver(s.productionExams),
    new IntermediateControlResolver(s.intermediateControl),
  ],
  nodeTypes: {
    ProductionExam: { entity: ProductionExam, toNode: toProductionExamNode },
    ExamResult: { entity: ExamResult, toNode: toExamResultNode },
    CompetenceCertificate: { entity: CompetenceCertificate, toNode: toCompetenceCertificateNode },
    IntermediateControlResult: { entity: IntermediateControlResult, toNode: toIntermediateControlResultNode },
  },
  // Readiness's verifier (verifyCredential, POST /credentials/verify, npm run verify) asks this registry for certificate ids.
  credentialRegistries: (s) => [s.certificates],
  seeders: [seedGradingScales, seedProductionExams],
});
