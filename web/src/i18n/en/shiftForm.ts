export const shiftForm = {};
