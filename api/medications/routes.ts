import { correctDoseRoute } from './correction-route';
import { createMedicationRoute } from './create-route';
import { doseRoutes } from './dose-routes';
import { editMedicationRoute } from './edit-route';
import { familyDoseRoutes } from './family-dose-routes';
import { lifecycleRoutes } from './lifecycle-routes';
import { medicationReadRoutes } from './read-routes';
import { logAsNeededDoseRoute } from './prn-route';
import { refillMedicationRoute } from './refill-route';
import { restartMedicationRoute } from './restart-route';

/** Every medication route, in the order the OpenAPI document lists them. */
export const medicationRoutes = [
  createMedicationRoute,
  ...medicationReadRoutes,
  editMedicationRoute,
  refillMedicationRoute,
  logAsNeededDoseRoute,
  ...doseRoutes,
  correctDoseRoute,
  ...lifecycleRoutes,
  restartMedicationRoute,
  ...familyDoseRoutes,
];
