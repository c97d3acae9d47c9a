// Loaded before every test file (vitest.config.ts): a test or file that ends while a wait of
// test/helpers/wait.ts is still pending says what it was waiting for, and the wait is cancelled.
import { afterAll, afterEach } from 'vitest';
import { cancelPendingWaits } from '../helpers/wait.ts';

afterEach((ctx) => cancelPendingWaits(`test "${ctx.task.name}" ended`));
afterAll(() => cancelPendingWaits('the file ended'));
