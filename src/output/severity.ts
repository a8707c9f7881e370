// Severities and risk levels as other tools rank them: SARIF levels and GitHub's security-severity scores.
import type { Severity } from '../catalog/control.js';

/**
 * GitHub code scanning reads `security-severity` as a number in a string: over 9.0 critical, 7.0–8.9 high,
 * 4.0–6.9 medium, 0.1–3.9 low. One score inside each band.
 */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' };

/** SARIF result level: what fails a pipeline is an error. */
export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
