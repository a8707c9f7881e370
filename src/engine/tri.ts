/** Three-valued (Kleene) logic: `undefined` means the model does not say. */
export type Tri = boolean | undefined;

export function triAnd(values: Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.includes(undefined) ? undefined : true;
}

export function triOr(values: Tri[]): Tri {
  if (values.includes(true)) return true;
  return values.includes(undefined) ? undefined : false;
}

export function triNot(v: Tri): Tri {
  return v === undefined ? undefined : !v;
}
