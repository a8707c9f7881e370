// Numbers and plurals in the report's sentences, one spelling everywhere: "48,035 devices", "1 gap".
const NUMBER = new Intl.NumberFormat('en-US');
const PLURAL = new Intl.PluralRules('en-US');

export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

/** "1 gap", "2 gaps", "1,200 devices"; `many` for irregular plurals ("1 policy", "3 policies"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${NUMBER.format(n)} ${PLURAL.select(n) === 'one' ? one : many}`;
}

/** "A", "A and B", "A, B and C". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
