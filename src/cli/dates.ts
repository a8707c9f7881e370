// The one place the tool reads the clock: today's date for decision expiry, unless pinned.
import { UsageError } from '../model/diagnostics.js';

export function resolveToday(option: string | undefined, env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  if (option !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(option) || Number.isNaN(Date.parse(option))) throw new UsageError(`--date must be YYYY-MM-DD, got '${option}'`);
    return option;
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  return now().toISOString().slice(0, 10);
}
