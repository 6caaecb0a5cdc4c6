/** Texts of the studio feature; see messages.ts. */
export const de = {};

export const en: Record<keyof typeof de, string> = {};
