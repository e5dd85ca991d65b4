// LocalTransport runs the shared Transport contract with real local processes.
import { LocalTransport } from '../../src/transport/local-transport.js';
import { transportContract } from './transport-contract.js';

transportContract('LocalTransport', () => new LocalTransport({ maxConcurrency: 3 }));
