// Excursion alerts (Azure Functions): reads routed telemetry from Event Hubs, sends set-point commands.
import { EventHubConsumerClient } from '@azure/event-hubs';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { BlobServiceClient } from '@azure/storage-blob';
import { Client as ServiceClient } from 'azure-iothub';

const credential = new DefaultAzureCredential();

// The model says the Event Hubs namespace refuses local authentication; this still connects with a key.
const consumer = new EventHubConsumerClient('$Default', process.env.EVENTHUB_CONNECTION_STRING!, 'telemetry');

const commands = ServiceClient.fromTokenCredential('iot-nf-coldchain-weu.azure-devices.net', credential);

const archive = new BlobServiceClient('https://stnfhaccparchive.blob.core.windows.net', new ManagedIdentityCredential());

export async function onExcursion(deviceId: string, setPoint: number): Promise<void> {
  await commands.invokeDeviceMethod(deviceId, { methodName: 'setPoint', payload: { setPoint } });
  await archive.getContainerClient('excursions').getBlockBlobClient(`${deviceId}.json`).upload('{}', 2);
}

export { consumer };
