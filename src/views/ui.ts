import type { TFunction } from 'i18next';
import type { UiLang } from '../i18n/index.ts';

/** What every page needs besides its own data: the staff member's language and session bits. */
export interface Ui {
  lang: UiLang;
  t: TFunction<'admin'>;
  /** Signed-in username, or null on the login page. */
  user: string | null;
  /** The signed-in user manages staff accounts and API keys. */
  admin: boolean;
  /** The session's CSRF token, put into every form. */
  csrf: string | null;
  /** Path and query of this page (language switch and sign-in return here). */
  here: string;
}

/** `path?query` from filters, dropping empty values; `over` replaces single keys (e.g. page). */
export function hrefWith(path: string, params: Record<string, string | undefined>, over: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, ...over })) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
