/** The tenant of a single-office installation; every row carries it. */
export const DEFAULT_TENANT = 'default';
