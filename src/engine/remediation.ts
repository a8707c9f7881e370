// Remediation tailored to the elements that have the gap: a step written for some Azure IoT products
// (`for: [iot-central]`) is shown only when one of the gapped elements uses one of them, so an IoT Hub gap
// gets IoT Hub steps, not IoT Central ones. Pure.
import type { Control, DefenderRecommendation, PolicyDefinition, Product, Remediation } from '../catalog/control.js';
import { PRODUCTS } from '../catalog/control.js';
import type { ElementIndex, ModelElement } from '../model/elements.js';

const IS_PRODUCT = new Set<string>(PRODUCTS);

/** Products one element uses: its own type or runtime, and those of the elements it connects to or belongs to. */
interface Links {
  /** Flows by the id they start at. */
  flowsFrom: Map<string, ModelElement[]>;
  /** Edges by the id of each device they are a gateway for. */
  gatewaysOf: Map<string, ModelElement[]>;
}

/** Flows and gateways by element, built once per model: looking them up per element was quadratic in a large model. */
const linksByIndex = new WeakMap<ElementIndex, Links>();

function linksOf(index: ElementIndex): Links {
  let links = linksByIndex.get(index);
  if (!links) {
    links = { flowsFrom: new Map(), gatewaysOf: new Map() };
    const push = (m: Map<string, ModelElement[]>, k: unknown, v: ModelElement) => {
      if (typeof k !== 'string') return;
      const list = m.get(k);
      if (list) list.push(v);
      else m.set(k, [v]);
    };
    for (const f of index.byKind.get('flow') ?? []) push(links.flowsFrom, f.data.from, f);
    for (const g of index.byKind.get('edge') ?? []) for (const d of new Set((g.data.gatewayFor as string[] | undefined) ?? [])) push(links.gatewaysOf, d, g);
    linksByIndex.set(index, links);
  }
  return links;
}

export function productsOf(index: ElementIndex, e: ModelElement, seen = new Set<string>()): Set<Product> {
  const out = new Set<Product>();
  if (seen.has(e.id)) return out;
  seen.add(e.id);
  const own = (x: ModelElement | undefined) => {
    if (!x) return;
    const v = x.kind === 'service' ? x.data.type : x.kind === 'edge' ? x.data.runtime : undefined;
    if (typeof v === 'string' && IS_PRODUCT.has(v)) out.add(v as Product);
  };
  const byId = (id: unknown) => (typeof id === 'string' ? index.byId.get(id) : undefined);
  const links = linksOf(index);
  const all = () => { for (const x of index.all) own(x); };
  switch (e.kind) {
    case 'service':
    case 'edge':
      own(e);
      if (e.kind === 'edge' && out.size === 0) for (const f of links.flowsFrom.get(e.id) ?? []) own(byId(f.data.to));
      break;
    case 'flow':
      own(byId(e.data.from));
      own(byId(e.data.to));
      break;
    case 'enrollment-group':
      own(e.parent !== undefined ? index.byId.get(e.parent) : undefined);
      break;
    case 'device': {
      for (const f of links.flowsFrom.get(e.id) ?? []) own(byId(f.data.to));
      for (const g of links.gatewaysOf.get(e.id) ?? []) own(g);
      const identity = e.data.identity as Record<string, unknown> | undefined;
      if (identity?.provisioning === 'dps') out.add('dps');
      const group = byId(identity?.enrollmentGroup);
      if (group?.parent !== undefined) own(index.byId.get(group.parent));
      break;
    }
    case 'principal': {
      own(byId(e.data.runsOn));
      for (const a of (e.data.assignments as Array<{ on?: unknown }> | undefined) ?? []) own(byId(a.on));
      break;
    }
    default:
      all();
  }
  return out;
}

/** The control's steps for these elements; every step when none of the product-specific ones fits (nothing is hidden by mistake). */
export function tailoredSteps(control: Pick<Control, 'remediation'>, products: ReadonlySet<Product>): Remediation[] {
  const fits = control.remediation.filter((r) => r.for === undefined || r.for.some((p) => products.has(p)));
  return fits.length > 0 ? fits : control.remediation;
}

/** The built-in Azure Policy definitions and Defender recommendations that concern these products (those without `for` always). */
export function tailoredBuiltIns(
  control: Pick<Control, 'builtIns'>,
  products: ReadonlySet<Product>,
): { policies: PolicyDefinition[]; defender: DefenderRecommendation[] } {
  const fits = (x: { for?: Product[] | undefined }) => x.for === undefined || x.for.some((p) => products.has(p));
  return { policies: (control.builtIns?.policies ?? []).filter(fits), defender: (control.builtIns?.defender ?? []).filter(fits) };
}
