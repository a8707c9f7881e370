// Cold-room sensor firmware companion (Node.js on the sensor's Linux module).
// The model says this sensor authenticates with an X.509 certificate from its secure element;
// this configuration tells another story.
const hubHost = 'iot-nf-coldchain-weu.azure-devices.net';
const deviceId = 'coldroom-sensor-017';

export const hubConnectionString = `HostName=${hubHost};DeviceId=${deviceId};SharedAccessKey=q3Vx8PZrT0cYbH2mK9wLsA5dE7fGjN1uR4tY6iO8pQ0=`;

export const tlsOptions = {
  minVersion: 'TLSv1.2',
  // Added during commissioning behind the DC's TLS-inspecting proxy, never removed.
  rejectUnauthorized: false,
};
