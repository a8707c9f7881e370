// Grouping into a Map of arrays by pushing onto the existing array: linear, where copying the array on
// every append (`m.set(k, [...(m.get(k) ?? []), v])`) was quadratic in the size of a group.

export function pushTo<K, V>(m: Map<K, V[]>, key: K, value: V): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}
