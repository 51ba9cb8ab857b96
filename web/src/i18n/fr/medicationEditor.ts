import type { medicationEditor as english } from '../en/medicationEditor';

export const medicationEditor: typeof english = {};
