export { ProductionExam, ExamCommissionMember, ExamAdmission, CommissionSide } from './production-exam.entity';
export { ProductionExamService } from './production-exam.service';
export { AssessmentErrorCode, ASSESSMENT_MESSAGES } from './assessment.messages';
export { latestApprovalDay, materialsInTime, commissionBalance } from './production-exam.rules';
export { ProductionExamNode, toProductionExamNode } from './production-exam.types';
export { assessmentModule } from './assessment.module';
