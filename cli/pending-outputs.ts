// The process's outputs not yet committed: every command's batches list their temporary files here, so
// that main.ts's signal and closed-pipe handlers can remove them (exporters/ keeps no process state).
import { PendingOutputs } from '../exporters/index.js';

export const pendingOutputs = new PendingOutputs();
