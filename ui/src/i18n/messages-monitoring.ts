/** Texts of the monitoring feature; see messages.ts. */
export const de = {};

export const en: Record<keyof typeof de, string> = {};
