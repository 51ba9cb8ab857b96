export const medication = {};
