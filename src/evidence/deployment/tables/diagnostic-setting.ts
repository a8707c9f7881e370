// Diagnostic settings (an extension resource): Microsoft.Insights/diagnosticSettings and
// azurerm_monitor_diagnostic_setting. A setting with an enabled log category sends resource logs to Azure
// Monitor: diagnostics on the resource it extends.
import { anyLogEnabled, nonEmptyList } from './converters.js';
import { extensionTarget } from './extension-target.js';
import { terraformParent } from './refs.js';
import type { ResourceTable } from './table.js';

export const diagnosticSetting: ResourceTable = {
  label: 'diagnostic setting',
  arm: 'microsoft.insights/diagnosticsettings',
  armPattern: /\/providers\/diagnosticsettings$/,
  terraform: 'azurerm_monitor_diagnostic_setting',
  target: (resource) => (resource.format === 'terraform' ? terraformParent(resource, { id: 'target_resource_id', type: '*', label: 'resource it extends' }) : extensionTarget(resource)),
  rows: [
    { property: 'diagnostics', words: 'a diagnostic setting {sends|does not send} resource logs to Azure Monitor', arm: { path: 'properties.logs', read: anyLogEnabled }, terraform: { path: 'enabled_log', read: nonEmptyList } },
  ],
};
