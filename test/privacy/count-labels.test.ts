// Every count an erasure or export writes has a label in both staff languages, so the /privacy
// page never falls back to a raw `table.column` name.
import { describe, expect, it } from 'vitest';
import de from '../../locales/de/admin.json' with { type: 'json' };
import en from '../../locales/en/admin.json' with { type: 'json' };
import { personalColumnNames } from '../../src/privacy/personal-data.ts';
import { countLabelKey } from '../../src/views/privacy-counts.tsx';

// Whole-row counts (erase: calls, recordings; export: subjectCounts) and the orders' phone lists.
const ROW_COUNTS = ['calls', 'recordings', 'transcripts', 'consents', 'orders', 'orders.phones'];

describe('privacy count labels', () => {
  it('label every personal column and row count in German and English', () => {
    for (const name of [...personalColumnNames(), ...ROW_COUNTS]) {
      const key = countLabelKey(name).split('.').slice(2).join('.');
      expect(de.privacy.count, name).toHaveProperty([key], expect.any(String));
      expect(en.privacy.count, name).toHaveProperty([key], expect.any(String));
    }
  });
});
