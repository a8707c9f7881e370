import { Client, Message } from 'azure-iot-device';
import { Mqtt } from 'azure-iot-device-mqtt';
import { connectionString, tlsOptions } from './index.js';

const client = Client.fromConnectionString(connectionString, Mqtt);
client.setOptions({ ...tlsOptions });

export async function sendReading(celsius: number, humidity: number): Promise<void> {
  await client.sendEvent(new Message(JSON.stringify({ celsius, humidity, at: new Date().toISOString() })));
}
