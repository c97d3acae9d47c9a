/** Country codes whose national numbers start with the trunk prefix 0: Liza's callers' countries but the US (which has none). */
const TRUNK_ZERO_COUNTRIES = ['49', '44'];

/**
 * The forms a searched (part of a) number may be stored in: numbers are kept in E.164
 * (`+4915112345678`), staff type them as they read them: `0151 1234…` (national, with the trunk
 * prefix 0) or `0049 151…` (international, with the dialling prefix 00). A national fragment
 * matches in Germany and the UK alike; a few extra hits beat a missed caller.
 * https://www.itu.int/rec/T-REC-E.164 (numbers), and E.123 for how people write them.
 *
 * Not libphonenumber: it parses whole numbers, and a search is usually a fragment of one.
 * `part` holds digits and `+` only (the filter's parser removed the rest).
 */
export function numberVariants(part: string): string[] {
  const out = [part];
  if (/^00[1-9]/.test(part)) out.push(`+${part.slice(2)}`);
  else if (/^0[1-9]/.test(part)) for (const cc of TRUNK_ZERO_COUNTRIES) out.push(`+${cc}${part.slice(1)}`);
  return out;
}
