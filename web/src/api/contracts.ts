// The SPA's one door to the shared zod contracts: every shape below is declared once,
// in api/contracts, and used by both the API and this app.
export * from '../../../api/contracts/common';
export * from '../../../api/contracts/auth';
export * from '../../../api/contracts/families';
export * from '../../../api/contracts/ws';
export * from '../../../api/contracts/notifications';
export * from '../../../api/contracts/escalations';
export * from '../../../api/contracts/medications';
export * from '../../../api/contracts/medication-views';
export * from '../../../api/contracts/dose-timing';
export * from '../../../api/contracts/verification';
export * from '../../../api/contracts/push-endpoint';
export * from '../../../api/contracts/audit';
export * from '../../../api/contracts/timeline';
