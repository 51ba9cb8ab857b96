import { createMedicationRoute } from './create-route';
import { doseRoutes } from './dose-routes';
import { lifecycleRoutes } from './lifecycle-routes';
import { medicationReadRoutes } from './read-routes';

/** Every medication route, in the order the OpenAPI document lists them. */
export const medicationRoutes = [createMedicationRoute, ...medicationReadRoutes, ...doseRoutes, ...lifecycleRoutes];
