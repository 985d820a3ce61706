import { createMemoryStore } from '../../server/stores/memory-store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('in-memory', async () => {
  const store = createMemoryStore();
  // One process, one store: every "peer" is the same object.
  return { store, peer: async () => store, close: () => store.close() };
});
