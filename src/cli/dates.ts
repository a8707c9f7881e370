// The one place the tool reads the clock: today's date for decision expiry, unless pinned.
import { quote, UsageError } from '../model/diagnostics.js';
import { isIsoDate } from '../model/schema.js';

/** 9999-12-31T23:59:59Z in seconds. */
const MAX_EPOCH_SECONDS = 253_402_300_799;

export function resolveToday(option: string | undefined, env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  if (option !== undefined) {
    if (!isIsoDate(option)) throw new UsageError(`--date must be a calendar date written YYYY-MM-DD, got ${quote(option)}`);
    return option;
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    // Up to the last second of year 9999: later years have no YYYY-MM-DD form.
    const d = /^\d{1,12}$/.test(epoch) && Number(epoch) <= MAX_EPOCH_SECONDS ? new Date(Number(epoch) * 1000) : undefined;
    if (d === undefined || Number.isNaN(d.getTime())) {
      throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970 up to ${MAX_EPOCH_SECONDS} (year 9999), got ${quote(epoch)}`);
    }
    return d.toISOString().slice(0, 10);
  }
  return now().toISOString().slice(0, 10);
}
