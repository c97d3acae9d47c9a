// Who made a change, as the audit log and order notes keep it: one string, so the existing
// `actor` columns need no new shape. A staff member is their username (usernames cannot contain
// a colon, so the prefixes below never collide with one).

export type Actor =
  | { kind: 'staff'; username: string }
  /** The shop's system, through an API key (by the key's name). */
  | { kind: 'key'; name: string }
  /** A caller, through the IVR (by CallSid). */
  | { kind: 'call'; callSid: string }
  /** An operator on the server's command line (by OS user). */
  | { kind: 'cli'; user: string };

export function formatActor(a: Actor): string {
  switch (a.kind) {
    case 'staff':
      return a.username;
    case 'key':
      return `key:${a.name}`;
    case 'call':
      return `call:${a.callSid}`;
    case 'cli':
      return `cli:${a.user}`;
  }
}

export function parseActor(s: string): Actor {
  const m = /^(key|call|cli):(.*)$/s.exec(s);
  if (!m) return { kind: 'staff', username: s };
  if (m[1] === 'key') return { kind: 'key', name: m[2]! };
  if (m[1] === 'call') return { kind: 'call', callSid: m[2]! };
  return { kind: 'cli', user: m[2]! };
}
