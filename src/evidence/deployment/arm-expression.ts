// ARM template expressions ("[concat(parameters('prefix'), '-hub')]") evaluated offline: what a template
// alone determines (parameter defaults, constant variables, string and logic functions over them) becomes
// a value; anything the deployment decides (resourceGroup(), reference(), uniqueString(), a parameter
// without a default) becomes an Unresolved that says why.
import { Unresolved } from './resource.js';

/** What expressions may read: a template's parameters and variables, already resolved (or Unresolved). */
export interface ArmScope {
  parameter(name: string): unknown;
  variable(name: string): unknown;
}

/** Whether a JSON string is an expression: '[...]' but not '[[...', which is a literal starting with '['. */
export function isArmExpression(s: string): boolean {
  return s.length >= 2 && s.startsWith('[') && s.endsWith(']') && !s.startsWith('[[');
}

/**
 * A template value with every expression in it evaluated: a new value (the input is not changed); strings
 * '[[…]' lose their first bracket, as ARM does.
 */
export function resolveArmValue(value: unknown, scope: ArmScope): unknown {
  if (typeof value === 'string') {
    if (isArmExpression(value)) return evaluateArmExpression(value, scope);
    // '[[…]' is how a template writes a literal that would otherwise read as an expression.
    return value.startsWith('[[') && value.endsWith(']') ? value.slice(1) : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveArmValue(v, scope));
  if (typeof value === 'object' && value !== null && !(value instanceof Unresolved)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) define(out, k, resolveArmValue(v, scope));
    return out;
  }
  return value;
}

/** Sets an own property, '__proto__' included (never the object's prototype). */
export function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

type Expr =
  /** `name` lower case (ARM function names are case-insensitive), `written` as the template spells it. */
  | { kind: 'call'; name: string; written: string; args: Expr[] }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'member'; target: Expr; key: Expr };

class ExpressionSyntaxError extends Error {}

/** Evaluates one expression string ('[...]'); the value, or an Unresolved holding the expression as written. */
export function evaluateArmExpression(expression: string, scope: ArmScope): unknown {
  let ast: Expr;
  try {
    ast = parseExpression(expression.slice(1, -1));
  } catch (err) {
    if (!(err instanceof ExpressionSyntaxError)) throw err;
    return new Unresolved(expression, `the expression cannot be read (${err.message})`);
  }
  const value = evaluate(ast, scope);
  return value instanceof Unresolved ? new Unresolved(expression, value.reason) : value;
}

// ---------------------------------------------------------------- parsing

function parseExpression(src: string): Expr {
  let pos = 0;
  const space = () => {
    while (pos < src.length && /\s/.test(src[pos]!)) pos++;
  };
  const fail = (what: string): never => {
    throw new ExpressionSyntaxError(pos >= src.length ? `it ends where ${what} should follow` : `${what} expected at character ${pos + 2}`);
  };
  const primary = (): Expr => {
    space();
    const c = src[pos];
    if (c === "'") {
      let s = '';
      pos++;
      for (;;) {
        if (pos >= src.length) fail("a closing '");
        if (src[pos] === "'") {
          if (src[pos + 1] === "'") {
            s += "'";
            pos += 2;
            continue;
          }
          pos++;
          return { kind: 'literal', value: s };
        }
        s += src[pos++];
      }
    }
    const num = /^-?[0-9]+(\.[0-9]+)?/.exec(src.slice(pos));
    if (num) {
      pos += num[0].length;
      return { kind: 'literal', value: Number(num[0]) };
    }
    // User-defined functions are namespace.name.
    const name = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?/.exec(src.slice(pos));
    if (!name) return fail('a function, a string or a number');
    pos += name[0].length;
    space();
    if (src[pos] !== '(') {
      const lower = name[0].toLowerCase();
      if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
      if (lower === 'null') return { kind: 'literal', value: null };
      return fail("'('");
    }
    pos++;
    const args: Expr[] = [];
    space();
    if (src[pos] === ')') pos++;
    else {
      for (;;) {
        args.push(postfix());
        space();
        if (src[pos] === ',') {
          pos++;
          continue;
        }
        if (src[pos] === ')') {
          pos++;
          break;
        }
        fail("',' or ')'");
      }
    }
    return { kind: 'call', name: name[0].toLowerCase(), written: name[0], args };
  };
  const postfix = (): Expr => {
    let e = primary();
    for (;;) {
      space();
      if (src[pos] === '.') {
        pos++;
        const m = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(src.slice(pos));
        if (!m) fail('a property name');
        pos += m![0].length;
        e = { kind: 'member', target: e, key: { kind: 'literal', value: m![0] } };
      } else if (src[pos] === '[') {
        pos++;
        const key = postfix();
        space();
        if (src[pos] !== ']') fail("']'");
        pos++;
        e = { kind: 'member', target: e, key };
      } else {
        return e;
      }
    }
  };
  const e = postfix();
  space();
  if (pos < src.length) fail('the end of the expression');
  return e;
}

// ---------------------------------------------------------------- evaluation

const AT_DEPLOYMENT = new Set([
  'resourcegroup', 'subscription', 'tenant', 'managementgroup', 'deployment', 'environment', 'deployer',
  'reference', 'subscriptionresourceid', 'tenantresourceid', 'extensionresourceid', 'managementgroupresourceid',
  'uniquestring', 'guid', 'newguid', 'utcnow', 'copyindex', 'listkeys', 'listaccountsas', 'listservicesas', 'listsecrets',
  'pickzones', 'providers', 'list', 'externalinput',
]);

function unresolvedCall(name: string, written: string): Unresolved {
  if (AT_DEPLOYMENT.has(name) || name.startsWith('list')) return new Unresolved('', `${written}() is known only when the template is deployed`);
  return new Unresolved('', `${written}() is not evaluated offline`);
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

function evaluate(e: Expr, scope: ArmScope): unknown {
  if (e.kind === 'literal') return e.value;
  if (e.kind === 'member') {
    const target = evaluate(e.target, scope);
    if (target instanceof Unresolved) return target;
    const key = evaluate(e.key, scope);
    if (key instanceof Unresolved) return key;
    if (Array.isArray(target) && typeof key === 'number') {
      return key in target ? target[key] : new Unresolved('', `index ${key} is outside the array`);
    }
    if (typeof target === 'object' && target !== null && typeof key === 'string') {
      const found = lookup(target as Record<string, unknown>, key);
      return found.has ? found.value : new Unresolved('', `the object has no property '${key}'`);
    }
    return new Unresolved('', `cannot read '${str(key)}' of a ${Array.isArray(target) ? 'array' : typeof target}`);
  }
  // Lazy: if() reads only the branch its condition picks.
  if (e.name === 'if') {
    if (e.args.length !== 3) return new Unresolved('', 'if() takes three arguments');
    const cond = evaluate(e.args[0]!, scope);
    if (cond instanceof Unresolved) return cond;
    return evaluate(cond === true ? e.args[1]! : e.args[2]!, scope);
  }
  // A function only the deployment can evaluate is the reason, whatever its arguments are.
  const fn = FUNCTIONS[e.name];
  if (!fn) return unresolvedCall(e.name, e.written);
  const args: unknown[] = [];
  for (const a of e.args) {
    const v = evaluate(a, scope);
    if (v instanceof Unresolved) return v;
    args.push(v);
  }
  try {
    return fn(args, scope);
  } catch (err) {
    return new Unresolved('', `${e.written}(): ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** ARM names (parameters, variables, properties) compare case-insensitively; an exact match first. */
export function lookup(obj: Record<string, unknown>, name: string): { has: boolean; value?: unknown } {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return { has: true, value: obj[name] };
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return { has: true, value: obj[k] };
  return { has: false };
}

function argString(args: unknown[], i: number, fn: string): string {
  const v = args[i];
  if (typeof v !== 'string') throw new Error(`argument ${i + 1} of ${fn}() is not a string`);
  return v;
}

const FUNCTIONS: Record<string, (args: unknown[], scope: ArmScope) => unknown> = {
  parameters: (a, s) => s.parameter(argString(a, 0, 'parameters')),
  variables: (a, s) => s.variable(argString(a, 0, 'variables')),
  concat: (a) => (a.length > 0 && a.every(Array.isArray) ? (a as unknown[][]).flat() : a.map(str).join('')),
  format: (a) => {
    const f = argString(a, 0, 'format');
    return f.replace(/\{\{|\}\}|\{(\d+)(:[^}]*)?\}/g, (m, n?: string, spec?: string) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      if (spec) throw new Error(`the format specifier '${spec.slice(1)}' is not evaluated offline`);
      const i = Number(n) + 1;
      if (i >= a.length) throw new Error(`{${n}} has no argument`);
      return str(a[i]);
    });
  },
  // The id of a resource of this template: its subscription and resource group are known only when deployed,
  // so the relative form templates use for scopes ('Microsoft.Web/sites/app') stands in for it; with both given
  // as constants, the full id. Enough to tie a private endpoint, a scope or a target to the resource it names.
  resourceid: (a) => {
    const args = a.map((v, i) => argString(a, i, 'resourceId'));
    const at = args.findIndex((x) => /^[A-Za-z][\w-]*\.[\w.-]+\/[^/]+/.test(x));
    if (at < 0 || at === 1 || at > 2) throw new Error('its arguments name no resource type where ARM expects one');
    const types = args[at]!.split('/');
    const names = args.slice(at + 1);
    if (names.length !== types.length - 1) throw new Error(`${args[at]} needs ${types.length - 1} name${types.length === 2 ? '' : 's'}, it has ${names.length}`);
    const path = [types[0]!, ...types.slice(1).flatMap((t, i) => [t, names[i]!])].join('/');
    return at === 2 ? `/subscriptions/${args[0]}/resourceGroups/${args[1]}/providers/${path}` : path;
  },
  tolower: (a) => argString(a, 0, 'toLower').toLowerCase(),
  toupper: (a) => argString(a, 0, 'toUpper').toUpperCase(),
  trim: (a) => argString(a, 0, 'trim').trim(),
  replace: (a) => argString(a, 0, 'replace').split(argString(a, 1, 'replace')).join(argString(a, 2, 'replace')),
  string: (a) => str(a[0]),
  int: (a) => {
    const n = typeof a[0] === 'number' ? a[0] : Number.parseInt(argString(a, 0, 'int'), 10);
    if (!Number.isInteger(n)) throw new Error('the argument is not an integer');
    return n;
  },
  bool: (a) => (typeof a[0] === 'boolean' ? a[0] : argString(a, 0, 'bool').toLowerCase() === 'true'),
  json: (a) => JSON.parse(argString(a, 0, 'json')) as unknown,
  true: () => true,
  false: () => false,
  null: () => null,
  equals: (a) => JSON.stringify(a[0]) === JSON.stringify(a[1]),
  not: (a) => a[0] !== true,
  and: (a) => a.every((v) => v === true),
  or: (a) => a.some((v) => v === true),
  empty: (a) => {
    const v = a[0];
    if (v === null || v === undefined || v === '') return true;
    if (Array.isArray(v)) return v.length === 0;
    return typeof v === 'object' ? Object.keys(v).length === 0 : false;
  },
  length: (a) => {
    const v = a[0];
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (typeof v === 'object' && v !== null) return Object.keys(v).length;
    throw new Error('the argument has no length');
  },
  createarray: (a) => a,
  createobject: (a) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < a.length; i += 2) define(out, argString(a, i, 'createObject'), a[i + 1]);
    return out;
  },
};
