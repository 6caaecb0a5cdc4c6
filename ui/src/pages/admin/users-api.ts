import { request } from '../../api/client.js';
import type { NewUser, UserChange, UserRecord } from '../../api/account-types.js';

const enc = encodeURIComponent;

/** The user administration calls (docs/api.md, "Users"). */
export const usersApi = {
  list: () => request<{ items: UserRecord[] }>('GET', '/api/users'),
  create: (user: NewUser) => request<UserRecord>('POST', '/api/users', user),
  update: (username: string, change: UserChange) => request<UserRecord>('PATCH', `/api/users/${enc(username)}`, change),
  resetPassword: (username: string, password: string) => request<void>('PUT', `/api/users/${enc(username)}/password`, { password }),
};
