// The one list of where Liza keeps personal data (issue 15). Erasure (erase.ts, retention and the
// /privacy page), the database-scan tests and docs/privacy.md's test all read it, so a new table
// holding personal data is one entry here.
//
// Every entry is linked to a call: erasing a call's personal data sets each column to `erased`
// (null, or '' where the column may not be null) and stamps calls.erased_at. What is not listed
// stays: the masked number, language, steps, durations, consent answers and order links, which
// is what statistics need and identifies nobody.

export interface PersonalColumn {
  /** SQL column name. */
  column: string;
  /** What a column holds, for docs/privacy.md. */
  holds: string;
  /** The value an erased column gets. */
  erased: null | '';
}

export interface PersonalTable {
  /** SQL table name. */
  table: string;
  /** The column that names the call a row belongs to (`id` for calls itself). */
  callColumn: string;
  columns: PersonalColumn[];
}

export const PERSONAL_DATA: PersonalTable[] = [
  {
    table: 'calls',
    callColumn: 'id',
    columns: [
      { column: 'from_full', holds: "the caller's full number (E.164), stored once they consent", erased: null },
      { column: 'caller_name', holds: "the caller ID name Twilio sends, stored once they consent", erased: null },
    ],
  },
  {
    table: 'call_events',
    callColumn: 'call_id',
    columns: [{ column: 'text', holds: 'what caller and AI assistant said in the AI conversation (transcript lines)', erased: null }],
  },
  {
    table: 'transcripts',
    callColumn: 'call_id',
    columns: [{ column: 'text', holds: 'the transcript of a voice message', erased: null }],
  },
  {
    table: 'ai_legs',
    callColumn: 'call_id',
    columns: [
      { column: 'summary', holds: 'the two-sentence summary of an AI conversation written for staff', erased: null },
      { column: 'outcome', holds: 'what the caller wanted and the order numbers mentioned in an AI conversation', erased: null },
    ],
  },
  {
    table: 'recordings',
    callColumn: 'call_id',
    // The audio itself is at Twilio: erasure DELETEs it there first (erase.ts), then forgets its URL.
    columns: [{ column: 'url', holds: "where the voice message's audio is at Twilio", erased: '' }],
  },
];

/** `table.column` of every personal column, e.g. for counts in the audit trail. */
export const personalColumnNames = (): string[] => PERSONAL_DATA.flatMap((t) => t.columns.map((c) => `${t.table}.${c.column}`));
