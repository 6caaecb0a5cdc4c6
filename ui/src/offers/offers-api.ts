import type { FromSchema } from 'json-schema-to-ts';
import type { publicOffer } from '../../../engine/schemas/offers.js';
import { query, request } from '../api/client.js';

/** An offer as `GET /api/public/offers` returns it, typed from the API's schema (engine/schemas/offers.ts). */
export type PublicOffer = FromSchema<typeof publicOffer>;

/** Filters of the list (all optional). */
export interface OfferFilter {
  fieldOfAction?: string;
  district?: string;
  audience?: string;
  from?: string;
  to?: string;
  freeSeats?: boolean;
}

/** The result of confirming or withdrawing. */
export interface RegistrationResult {
  status: 'confirmed' | 'withdrawn';
  offer: string;
  seat: 'place' | 'waitingList' | 'other';
}

const enc = encodeURIComponent;

/** The public calls: no session needed. */
export const offersApi = {
  list: (filter: OfferFilter & { lang: string; limit?: number; cursor?: string }) =>
    request<{ items: PublicOffer[]; total: number; nextCursor: string | null }>('GET', `/api/public/offers${query({ ...filter })}`),
  get: (id: string, lang: string) => request<PublicOffer>('GET', `/api/public/offers/${enc(id)}${query({ lang })}`),
  register: (id: string, data: unknown, website: string, language: string) =>
    request<{ status: 'pending' }>('POST', `/api/public/offers/${enc(id)}/registrations`, { data, language, ...(website ? { website } : {}) }),
  confirm: (token: string) => request<RegistrationResult>('POST', '/api/public/registrations/confirm', { token }),
  withdraw: (token: string) => request<RegistrationResult>('POST', '/api/public/registrations/withdraw', { token }),
};
