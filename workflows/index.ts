// The worker bundles this file: every workflow type the task queue serves is exported here.
export { invitationExpiry } from './invitation/invitation-expiry';
export { escalation } from './escalation/escalation';
export { medicationSchedule } from './medication/medication-schedule';
export { failedWorkflowWatchdog } from './system/watchdog';
export { appointmentSeries } from './appointment/appointment-series';
export { appointmentVisit } from './appointment/appointment-visit';
export { shiftRotation } from './shift/shift-rotation';
export { careShift } from './shift/care-shift';
