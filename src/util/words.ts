// Numbers, plurals and lists in sentences, one spelling everywhere (engine reasons, property words, the
// report): "48,035 devices", "1 gap", "TLS 1.2 or TLS 1.3".
const NUMBER = new Intl.NumberFormat('en-US');
const PLURAL = new Intl.PluralRules('en-US');
const OR = new Intl.ListFormat('en-US', { style: 'long', type: 'disjunction' });
const AND = new Intl.ListFormat('en-US', { style: 'long', type: 'conjunction' });

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

/** "A, B, or C" (Intl's disjunction, with the serial comma). */
export function anyOf(items: readonly string[]): string {
  return OR.format(items);
}

/** "A, B, and C" (Intl's conjunction, with the serial comma). */
export function allOf(items: readonly string[]): string {
  return AND.format(items);
}
