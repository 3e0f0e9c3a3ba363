// A peer that runs one iteration when asked (bench/sklearn_steps.py), driven synchronously from inside
// latent's progress callback: latent's iteration, then the peer's, then latent's next. Both meet the
// same machine, second by second; apart, each ran in its own spell of a shared host's load and the
// ratio of two means swung from 0.6 to 1.2 between rounds.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peerEnv, peerScript, PYTHON } from './peer-python.js';

export class PeerSteps {
  private readonly dir: string;
  private readonly requests: number;
  private readonly replies: number;
  private readonly child: ChildProcess;

  /** Starts the peer on a float32 file of rows × cols; throws with its message if it cannot run. */
  constructor(spec: {
    rows: number;
    cols: number;
    k: number;
    data: string;
    dtype: 'float32' | 'float64';
    settle?: number;
  }) {
    // a peer that dies before it opens the replies would leave the first read waiting for ever: what
    // it needs to get that far is checked here (it says any later failure on the FIFO itself)
    const script = peerScript('sklearn_steps.py');
    for (const f of [PYTHON, script]) if (!existsSync(f)) throw new Error(`${f} is missing`);
    this.dir = mkdtempSync(join(tmpdir(), 'latent-peer-'));
    const requests = join(this.dir, 'requests'),
      replies = join(this.dir, 'replies');
    for (const f of [requests, replies]) if (spawnSync('mkfifo', [f]).status !== 0) throw new Error('mkfifo failed');
    // opened read–write, the FIFOs never block an open, whichever side comes first
    this.requests = openSync(requests, 'r+');
    this.replies = openSync(replies, 'r+');
    this.child = spawn(PYTHON, [script, JSON.stringify({ ...spec, requests, replies })], {
      env: peerEnv(),
      stdio: 'ignore',
    });
    this.child.unref();
    this.expect('ready');
  }

  private reply(): string {
    let line = '';
    const byte = Buffer.alloc(1);
    while (readSync(this.replies, byte, 0, 1, null) === 1 && byte[0] !== 10) line += String.fromCharCode(byte[0]);
    if (line.startsWith('error')) throw new Error(`scikit-learn: ${line.slice(6)}`);
    return line;
  }

  private expect(word: string): void {
    const line = this.reply();
    if (line !== word) throw new Error(`scikit-learn answered "${line}", not ${word}`);
  }

  private send(command: string): void {
    writeSync(this.requests, command + '\n');
  }

  /** One iteration; its milliseconds. */
  step(): number {
    this.send('step');
    return Number(this.reply());
  }

  /** A new random start. */
  reset(): void {
    this.send('reset');
    this.expect('ready');
  }

  /** Ends the peer, once its process has exited: an interpreter tearing down NumPy and OpenBLAS takes a
   *  core for a moment, and whatever is timed next would share it. */
  async close(): Promise<void> {
    this.send('quit');
    this.expect('bye');
    closeSync(this.requests);
    closeSync(this.replies);
    rmSync(this.dir, { recursive: true, force: true });
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.ref();
      await once(this.child, 'exit');
    }
  }
}
