export { hubConnectionString as connectionString, tlsOptions } from './config.js';
