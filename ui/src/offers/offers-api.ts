import { query, request } from '../api/client.js';
import type { CatalogueEntry, JsonSchema } from '../api/types.js';

/** An offer as `GET /api/public/offers` returns it (docs/api.md). */
export interface PublicOffer {
  id: string;
  definition: string;
  fieldOfAction: string | null;
  title: string;
  description: string | null;
  dates: string[];
  schedule: 'sessions' | 'period';
  place: string | null;
  audience: string | null;
  district: string | null;
  seats: { total: number; free: number } | null;
  registration: { open: boolean; form: { title: string; schema: JsonSchema; uiSchema: Record<string, unknown> }; catalogues?: Record<string, CatalogueEntry[]> } | null;
}

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
