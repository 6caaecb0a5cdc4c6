import type { FromSchema } from 'json-schema-to-ts';
import type { accepted, publicOffer, publicOfferList, publicOfferListQuery, registrationResult } from '../../../engine/schemas/offers.js';
import { query, request } from '../api/client.js';

/** An offer as `GET /api/public/offers` returns it, typed from the API's schema (engine/schemas/offers.ts). */
export type PublicOffer = FromSchema<typeof publicOffer>;

type ListQuery = FromSchema<typeof publicOfferListQuery>;

/** Filters of the list (all optional): the API's query without paging and language. */
export type OfferFilter = Omit<ListQuery, 'limit' | 'cursor' | 'lang'>;

/** The result of confirming or withdrawing. */
export type RegistrationResult = FromSchema<typeof registrationResult>;

const enc = encodeURIComponent;

/** The public calls: no session needed. */
export const offersApi = {
  list: (filter: ListQuery) =>
    request<FromSchema<typeof publicOfferList>>('GET', `/api/public/offers${query({ ...filter })}`),
  get: (id: string, lang: string) => request<PublicOffer>('GET', `/api/public/offers/${enc(id)}${query({ lang })}`),
  register: (id: string, data: unknown, website: string, language: string) =>
    request<FromSchema<typeof accepted>>('POST', `/api/public/offers/${enc(id)}/registrations`, { data, language, ...(website ? { website } : {}) }),
  confirm: (token: string) => request<RegistrationResult>('POST', '/api/public/registrations/confirm', { token }),
  withdraw: (token: string) => request<RegistrationResult>('POST', '/api/public/registrations/withdraw', { token }),
};
