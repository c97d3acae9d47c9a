import { createStore, type Store } from '../../src/store/index.ts';
import { storeContract } from './contract.ts';

let current: Store | undefined;

storeContract('SQLite (:memory:)', {
  async fresh() {
    await current?.close();
    current = await createStore(':memory:');
    return current;
  },
  async finish() {
    await current?.close();
  },
});
