// Europe/Berlin calendar arithmetic with Intl only (no runtime imports), shared by the pages and
// the routes that turn `date_from`/`date_to` into instants. A tz library would be one more
// dependency for three functions that Intl already answers.

export const STAFF_TZ = 'Europe/Berlin';

// Made at first use, not at import: the first DateTimeFormat with a time zone maps ICU's zone and
// calendar data (~8 MB of the edge's idle memory), and only the staff pages need it.
let partsFmt: Intl.DateTimeFormat | undefined;
const parts = () =>
  (partsFmt ??= new Intl.DateTimeFormat('en-US', {
    timeZone: STAFF_TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }));

function wall(t: number) {
  const p: Record<string, number> = {};
  for (const x of parts().formatToParts(new Date(t))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return p as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

/** Berlin's offset from UTC at instant `t`, in ms (+1 h in winter, +2 h in summer). */
export function berlinOffsetMs(t: number): number {
  const w = wall(t);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** `YYYY-MM-DD` of instant `t` on a Berlin calendar. */
export function berlinDay(t: number): string {
  const w = wall(t);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The instant Berlin's day `YYYY-MM-DD` starts, or null for a malformed or impossible date. */
export function berlinDayStart(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const guess = Date.UTC(y, mo - 1, d);
  const probe = new Date(guess);
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  let t = guess - berlinOffsetMs(guess);
  t = guess - berlinOffsetMs(t);
  return new Date(t);
}

/** The day after `YYYY-MM-DD` (for exclusive upper bounds). */
export function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
