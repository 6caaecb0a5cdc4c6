/** Texts of the offers feature; see messages.ts. */
export const de = {};

export const en: Record<keyof typeof de, string> = {};
