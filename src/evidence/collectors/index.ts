// Every built-in collector, sorted by id (a test checks each has fixtures).
import type { Collector } from '../collector.js';
import { deviceAuth } from './device-auth.js';
import { hardcodedSecret } from './hardcoded-secret.js';
import { serviceAuth } from './service-auth.js';
import { tlsWeakened } from './tls-weakened.js';
import { transport } from './transport.js';

export const COLLECTORS: readonly Collector[] = [deviceAuth, hardcodedSecret, serviceAuth, tlsWeakened, transport];
