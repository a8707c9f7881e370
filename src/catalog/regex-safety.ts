// Catalog patterns (`matches:`) run on text from client models with a backtracking engine, so a
// pattern that can backtrack exponentially would hang the run. Patterns are kept to a subset that
// cannot: checked when a catalog is loaded (and by `catalog lint`), alongside a bound on the text.
import safeRegexModule from 'safe-regex2';

export const REGEX_LIMITS = {
  /** Characters of a pattern. */
  maxPatternLength: 300,
  /** Unbounded quantifiers (`*`, `+`, `{n,}`) in one pattern: each one can multiply the work by the text's length. */
  maxUnbounded: 3,
  /** Characters of a value a pattern is run on; longer values are not tested (the outcome is unknown). */
  maxSubjectLength: 500,
};

const safeRegex = ((safeRegexModule as unknown as { default?: unknown }).default ?? safeRegexModule) as (re: string | RegExp) => boolean;

/**
 * Why a pattern may backtrack super-linearly, or undefined when it is in the safe subset:
 * no repeated group holding a quantifier (even `?`) or an alternation (`(a+)+`, `(a|aa)+`, `(a|a)*`), no
 * backreference, at most REGEX_LIMITS.maxUnbounded unbounded quantifiers, and star height 1 (safe-regex2).
 */
export function unsafePatternReason(pattern: string): string | undefined {
  if (pattern.length > REGEX_LIMITS.maxPatternLength) return `the pattern is longer than ${REGEX_LIMITS.maxPatternLength} characters`;
  interface Frame { alt: boolean; quant: boolean }
  const stack: Frame[] = [{ alt: false, quant: false }];
  let unbounded = 0;
  let i = 0;
  /** Reads a quantifier at `i`, if any: its maximum repetitions (Infinity when unbounded). */
  const quantifier = (): number | undefined => {
    const c = pattern[i];
    let max: number | undefined;
    if (c === '*' || c === '+') { max = Infinity; i++; }
    else if (c === '?') { max = 1; i++; }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) return undefined;
      max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
      i += m[0].length;
    } else return undefined;
    if (pattern[i] === '?') i++; // lazy: the same backtracking
    if (max === Infinity) unbounded++;
    return max;
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    const top = stack[stack.length - 1]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'it uses a backreference';
      // \p{…}, \u{…}, \x.. and the like are one atom
      const m = /^\\(?:[pPu]\{[^}]*\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|.)/su.exec(pattern.slice(i));
      i += m ? m[0].length : 2;
      if (quantifier() !== undefined) top.quant = true;
      continue;
    }
    if (c === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
      if (quantifier() !== undefined) top.quant = true;
      continue;
    }
    if (c === '(') {
      const m = /^\((?:\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>))?/.exec(pattern.slice(i))!;
      i += m[0].length;
      stack.push({ alt: false, quant: false });
      continue;
    }
    if (c === ')') {
      i++;
      if (stack.length === 1) return undefined; // unbalanced: RegExp reports it
      const inner = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      const q = quantifier();
      const max = q ?? 1;
      if (max > 1 && (inner.alt || inner.quant)) {
        return inner.quant
          ? 'it repeats a group that itself holds a repetition, as in (a+)+'
          : 'it repeats a group of alternatives, as in (a|aa)+';
      }
      parent.alt ||= inner.alt;
      parent.quant ||= inner.quant || q !== undefined;
      continue;
    }
    if (c === '|') {
      top.alt = true;
      i++;
      continue;
    }
    i++;
    if (quantifier() !== undefined) top.quant = true;
  }
  if (unbounded > REGEX_LIMITS.maxUnbounded) return `it has more than ${REGEX_LIMITS.maxUnbounded} unbounded repetitions (*, +, {n,})`;
  try {
    if (!safeRegex(pattern)) return 'it nests repetitions (star height above 1)';
  } catch {
    // safe-regex2's parser does not know every Unicode-mode form; the checks above still apply
  }
  return undefined;
}
