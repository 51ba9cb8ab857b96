export const medicationEditor = {};
