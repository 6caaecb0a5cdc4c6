import { request } from '../api/client.js';
import type { NotificationPatch, NotificationSettings, PasswordChange } from '../api/account-types.js';

/** The calls of "Mein Konto" (docs/api.md): one's own notification settings and password. */
export const accountApi = {
  notifications: () => request<NotificationSettings>('GET', '/api/account/notifications'),
  saveNotifications: (change: NotificationPatch) => request<NotificationSettings>('PATCH', '/api/account/notifications', change),
  changePassword: (body: PasswordChange) => request<void>('PUT', '/api/session/password', body),
};
