import { createMemoryStore } from '../../server/stores/memory-store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('in-memory', async () => createMemoryStore());
