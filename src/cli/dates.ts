// The one place the tool reads the clock: today's date for decision expiry, unless pinned.
import { UsageError } from '../model/diagnostics.js';
import { isIsoDate } from '../model/schema.js';

export function resolveToday(option: string | undefined, env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  if (option !== undefined) {
    if (!isIsoDate(option)) throw new UsageError(`--date must be a calendar date written YYYY-MM-DD, got '${option}'`);
    return option;
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    const d = /^\d{1,12}$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
    if (d === undefined || Number.isNaN(d.getTime())) throw new UsageError(`SOURCE_DATE_EPOCH must be seconds since 1970, got '${epoch}'`);
    return d.toISOString().slice(0, 10);
  }
  return now().toISOString().slice(0, 10);
}
