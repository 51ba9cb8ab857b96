export const family = {};
