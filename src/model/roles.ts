// Role names the guidance gives meaning to.

/** IoT Central's own application and organization roles (not Azure RBAC roles; they have no scope). */
export const IOT_CENTRAL_APP_ROLES: ReadonlySet<string> = new Set([
  'administrator', 'app administrator', 'builder', 'app builder', 'operator', 'app operator',
  'org administrator', 'org operator', 'org viewer',
]);

export function isIotCentralAppRole(role: string): boolean {
  return IOT_CENTRAL_APP_ROLES.has(role.trim().toLowerCase());
}
