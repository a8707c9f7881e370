export const CONTROL_STATUSES = ['gap', 'unknown', 'accepted', 'met', 'not-applicable'] as const;
/** met: requirement holds; gap: it does not; unknown: the model does not say; accepted: a live risk decision covers a gap or unknown. */
export type ControlStatus = (typeof CONTROL_STATUSES)[number];
