import { shiftAnswerRoutes } from './answer-routes';
import { coverageRoutes } from './coverage-routes';
import { rotationRoutes } from './rotation-routes';
import { shiftRoutes } from './shift-routes';

/** Every shift route, in the order the OpenAPI document lists them. */
export const shiftsRoutes = [...rotationRoutes, ...shiftRoutes, ...shiftAnswerRoutes, ...coverageRoutes];
