/**
 * API shapes of organisations, users and the read log, derived from the
 * engine's JSON Schemas (`engine/schemas/api.ts`) so the UI cannot drift
 * from the contract. Types only: nothing of the engine reaches the bundle.
 */
import type { FromSchema } from 'json-schema-to-ts';
import type { caseRead, createOrganisationBody, createUserBody, organisation, updateOrganisationBody, updateUserBody, user } from '../../../engine/schemas/index.js';

/** An organisation (`GET /api/organisations`): Kita, school, B-Punkt, company, venue, partner, Träger, office. */
export type Organisation = FromSchema<typeof organisation>;
/** Body of `POST /api/organisations`. */
export type NewOrganisation = FromSchema<typeof createOrganisationBody>;
/** Body of `PUT /api/organisations/:key`. */
export type OrganisationChange = FromSchema<typeof updateOrganisationBody>;
/** An account as `GET /api/users` lists it. */
export type UserAccount = FromSchema<typeof user>;
/** Body of `POST /api/users`. */
export type NewUser = FromSchema<typeof createUserBody>;
/** Body of `PATCH /api/users/:username`. */
export type UserChange = FromSchema<typeof updateUserBody>;
/** One entry of a case's read log (`GET /api/cases/:id/reads`): who read which forms when; never content. */
export type CaseRead = FromSchema<typeof caseRead>;
