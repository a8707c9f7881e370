// Compute and analytics services a model names but whose security the catalog reads only in part: App Service
// and Function apps (Microsoft.Web/sites, the azurerm *_web_app / *_function_app family), Stream Analytics jobs,
// Azure Data Explorer clusters and Logic Apps. They stand for model services so that a diagnostic setting or a
// private endpoint pointing at them fills the right element.
import { tlsVersion } from './converters.js';
import { PUBLIC_NETWORK_ACCESS } from './common-rows.js';
import type { ResourceTable } from './table.js';

export const webSite: ResourceTable = {
  label: 'App Service or Function app',
  arm: 'microsoft.web/sites',
  terraform: ['azurerm_linux_function_app', 'azurerm_windows_function_app', 'azurerm_function_app', 'azurerm_linux_web_app', 'azurerm_windows_web_app', 'azurerm_app_service'],
  // A function app is a site too: the matcher lets an app-service resource stand for a `functions` service.
  element: { kind: 'service', type: 'app-service' },
  rows: [
    PUBLIC_NETWORK_ACCESS,
    { property: 'minTls', words: 'the minimum TLS version is {}', arm: { path: 'properties.siteConfig.minTlsVersion', read: tlsVersion }, terraform: { path: 'site_config.0.minimum_tls_version', read: tlsVersion } },
  ],
};

export const streamAnalyticsJob: ResourceTable = {
  label: 'Stream Analytics job',
  arm: 'microsoft.streamanalytics/streamingjobs',
  terraform: 'azurerm_stream_analytics_job',
  element: { kind: 'service', type: 'stream-analytics' },
  rows: [],
};

export const kustoCluster: ResourceTable = {
  label: 'Azure Data Explorer cluster',
  arm: 'microsoft.kusto/clusters',
  terraform: 'azurerm_kusto_cluster',
  element: { kind: 'service', type: 'data-explorer' },
  rows: [
    PUBLIC_NETWORK_ACCESS,
  ],
};

export const logicApp: ResourceTable = {
  label: 'Logic App workflow',
  arm: 'microsoft.logic/workflows',
  terraform: 'azurerm_logic_app_workflow',
  element: { kind: 'service', type: 'logic-apps' },
  rows: [],
};
