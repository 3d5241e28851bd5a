// Worker-thread entry for the CPU engines in Node. Workers start without the parent's
// module loader (Vitest's or tsx's), so register tsx here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./node-worker.ts');
