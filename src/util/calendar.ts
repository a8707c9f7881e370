// Calendar dates as days, so that dates are compared as dates: '+033658-09-27' (what an out-of-range
// clock gives) or '2027-1-5' must not be compared character by character with '2026-12-08'.

/** Days since 1970-01-01 of a date written YYYY-MM-DD (or ±YYYYYY-MM-DD); undefined when it is not a real date. */
export function dayNumber(s: string): number | undefined {
  const m = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  if (Number.isNaN(t)) return undefined;
  const back = new Date(t).toISOString().slice(0, -14);
  if (back !== `${m[1]}-${m[2]}-${m[3]}`) return undefined; // 2026-02-31 rolls over to March
  return Math.round(t / 86_400_000);
}
