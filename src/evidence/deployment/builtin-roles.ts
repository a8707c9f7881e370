// Azure built-in role definition ids (the GUID that ends a roleDefinitionId) → role names, for the roles the
// model and the catalog compare (src/engine/predicates/rbac.ts, catalogs/azure-iot/controls). Built-in role ids
// are the same in every tenant and subscription.
//
// Source: Microsoft Learn, "Azure built-in roles" (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles)
// and its category pages (general, internet-of-things, analytics, integration, storage, security). Each id was
// checked by searching public text for it: the page's own tables where the search found them (the IoT roles,
// Event Hubs, User Access Administrator, Key Vault), else at least two independent templates naming the role
// beside the id. IoT Central has no
// Azure built-in data-plane roles (its roles live inside the application), so none is listed.

export const BUILTIN_ROLES: Readonly<Record<string, string>> = {
  // General
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
  // Internet of things
  '4fc6c259-987e-4a07-842e-c321cc9d413f': 'IoT Hub Data Contributor',
  'b447c946-2db7-41ec-983d-d8bf3b1c77e3': 'IoT Hub Data Reader',
  '4ea46cd5-c1b2-4a8e-910b-273211f9ce47': 'IoT Hub Registry Contributor',
  '494bdba2-168f-4f31-a0a1-191d2f7c028c': 'IoT Hub Twin Contributor',
  'dfce44e4-17b7-4bd1-a6d1-04996ec95633': 'Device Provisioning Service Data Contributor',
  '10745317-c249-44a1-a5ce-3a4353c0bbd8': 'Device Provisioning Service Data Reader',
  // Analytics / integration
  'f526a384-b230-433a-b45c-95f59c4a2dec': 'Azure Event Hubs Data Owner',
  '2b629674-e913-4c01-ae53-ef4638d8f975': 'Azure Event Hubs Data Sender',
  'a638d3c7-ab3a-418d-83e6-5f17a39d4fde': 'Azure Event Hubs Data Receiver',
  '090c5cfd-751d-490a-894a-3ce6f1109419': 'Azure Service Bus Data Owner',
  '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39': 'Azure Service Bus Data Sender',
  '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0': 'Azure Service Bus Data Receiver',
  // Storage
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b': 'Storage Blob Data Owner',
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe': 'Storage Blob Data Contributor',
  '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1': 'Storage Blob Data Reader',
  // Security
  '00482a5a-887f-4fb3-b363-3b7fe8e74483': 'Key Vault Administrator',
  '4633458b-17de-408a-b874-0445c86b69e6': 'Key Vault Secrets User',
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7': 'Key Vault Secrets Officer',
  '12338af0-0e69-4776-bea7-57ae8d297424': 'Key Vault Crypto User',
  '14b46e9e-c2b7-41b4-b07b-48a6ebf60603': 'Key Vault Crypto Officer',
  '21090545-7ca7-4776-b22c-e363652d74d2': 'Key Vault Reader',
};

/** The GUID at the end of a role definition id ('/subscriptions/…/providers/Microsoft.Authorization/roleDefinitions/<guid>', or the bare GUID). */
export function roleDefinitionGuid(roleDefinitionId: string): string | undefined {
  const last = roleDefinitionId.trim().split('/').filter(Boolean).pop();
  return last !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(last) ? last.toLowerCase() : undefined;
}

/** The built-in role's name, or undefined (a custom role, or an id not in the list). */
export function builtinRoleName(roleDefinitionId: string): string | undefined {
  const guid = roleDefinitionGuid(roleDefinitionId);
  return guid === undefined ? undefined : BUILTIN_ROLES[guid];
}
