import type { Ui } from './ui.ts';

// Erasure and export counts are keyed by what they touched: `table.column` for a personal column
// (src/privacy/personal-data.ts) or a bare table for whole rows. Staff read the label; the
// technical name stays next to it, small, because an auditor checks it against docs/privacy.md.

/** The locale key of a count's label: `privacy.count.calls_from_full` for `calls.from_full`. */
export const countLabelKey = (name: string) => `privacy.count.${name.replace('.', '_')}`;

/** `{"calls":2,…}` as stored in a privacy audit entry, or null for anything else. */
export function parseCounts(v: string | null): Record<string, number> | null {
  if (!v || !v.startsWith('{')) return null;
  try {
    const o: unknown = JSON.parse(v);
    if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
    return Object.values(o).every((n) => typeof n === 'number') ? (o as Record<string, number>) : null;
  } catch {
    return null;
  }
}

export function PrivacyCounts({ ui, counts }: { ui: Ui; counts: Record<string, number> }) {
  const { t } = ui;
  return (
    <ul class="privacy-counts">
      {Object.entries(counts).map(([name, n]) => (
        <li>
          <span title={name}>{t(countLabelKey(name), { defaultValue: name })}</span> <code class="muted small">{name}</code>: {n}
        </li>
      ))}
    </ul>
  );
}
