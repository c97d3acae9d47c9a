// What a username and a password must be, for the staff pages and `npm run staff` alike. Each
// problem has a code (the pages translate it: admin.json `account_error.*`) and an English message
// (the command line prints it).

export const PASSWORD_MIN = 8;
/** The sign-in form reads at most this much (auth.tsx), so a longer password could never sign in. */
export const PASSWORD_MAX = 1000;

export type AccountProblem = { code: string; message: string };

// No colon: audit actors use `key:` / `call:` / `cli:` prefixes (domain/actors.ts).
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function usernameProblem(name: string): AccountProblem | null {
  if (USERNAME.test(name)) return null;
  return { code: 'username_invalid', message: 'a username is 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit' };
}

export function passwordProblem(password: string, username: string): AccountProblem | null {
  if (password.length < PASSWORD_MIN) return { code: 'password_short', message: `a password needs at least ${PASSWORD_MIN} characters` };
  if (password.length > PASSWORD_MAX) return { code: 'password_long', message: `a password has at most ${PASSWORD_MAX} characters` };
  if (password.trim().toLowerCase() === username.toLowerCase()) return { code: 'password_is_username', message: 'the password must not be the username' };
  return null;
}
