export { DualGroup, InstructionLanguage } from './dual-group.entity';
export { Application, ApplicationStatus } from './application.entity';
export { Enrolment } from './enrolment.entity';
export { EnrolmentErrorCode, ENROLMENT_MESSAGES } from './enrolment.messages';
export { EnrolmentService } from './enrolment.service';
export { enrolmentModule } from './enrolment.module';
export { studentEnrolledCheck, STUDENT_ENROLLED_CHECK } from './enrolment.gate';
