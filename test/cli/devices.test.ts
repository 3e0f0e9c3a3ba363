// The GPU path from the shell: quiet where it is not used, and the same answers where it is.
import test from 'ava';
import { join } from 'node:path';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

const emails = join(FIXTURES, 'emails'),
  digits = join(FIXTURES, 'digits'),
  mtx = join(FIXTURES, 'matrix', 'small.mtx');

test('without the software opt-in, every command is silent on stderr under --quiet, any driver installed', (t) => {
  const env = { ...process.env };
  delete env.LATENT_WEBGPU_SOFTWARE;
  const dir = scratchDir('quiet');
  const model = join(dir, 'emails.model');
  const commands = [
    ['topics', emails, '-k', '3', '--max-iter', '20', '--model', model],
    ['transform', '--model', model, emails],
    ['images', digits, '-k', '4', '--max-iter', '20', '--out-dir', join(dir, 'bases')],
    ['factorize', mtx, '-k', '2'],
    ['backends'],
  ];
  for (const args of commands) {
    const r = latent([...args, '--quiet'], { env });
    t.is(r.code, 0, `${args[0]}: ${r.stderr}`);
    t.is(r.stderr, '', `latent ${args[0]} --quiet wrote to stderr`);
  }
});

const webgpu = (): { available: boolean; detail: string } => {
  const r = latent(['backends', '--format', 'json', '-q']);
  return (JSON.parse(r.stdout) as { devices: { device: string; available: boolean; detail: string }[] }).devices.find(
    (d) => d.device === 'webgpu',
  )!;
};

/** W·H of a factorize JSON document. */
function product(doc: { W: number[][]; H: number[][] }): number[] {
  const out: number[] = [];
  for (const w of doc.W)
    for (let j = 0; j < doc.H[0].length; j++) out.push(w.reduce((s, v, t) => s + v * doc.H[t][j], 0));
  return out;
}

test("--device webgpu gives the cpu reference's answers from factorize, topics and images", (t) => {
  const gpu = webgpu();
  if (!gpu.available) {
    t.log(`skipped: ${gpu.detail}`);
    t.pass();
    return;
  }
  const run = (args: string[], device: string) => {
    const r = latent([...args, '--device', device, '--format', 'json', '-q']);
    t.is(r.code, 0, `${args[0]} on ${device}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const a = run(['factorize', mtx, '-k', '3'], 'cpu'),
    b = run(['factorize', mtx, '-k', '3'], 'webgpu');
  t.is(b.device, 'webgpu');
  const wa = product(a),
    wb = product(b);
  const scale = Math.max(...wa.map(Math.abs));
  t.true(
    wa.every((v, q) => Math.abs(v - wb[q]) <= 1e-4 * scale),
    'W·H agrees within float32 tolerance',
  );
  for (const args of [
    ['topics', emails, '-k', '4', '--max-iter', '30'],
    ['images', digits, '-k', '4', '--max-iter', '30', '--out-dir', scratchDir('gpu')],
  ]) {
    const c = run(args, 'cpu'),
      g = run(args, 'webgpu');
    t.is(g.device, 'webgpu');
    t.true(
      Math.abs(c.objective - g.objective) <= 1e-4 * c.objective,
      `${args[0]}: F ${g.objective} on webgpu, ${c.objective} on cpu`,
    );
  }
});
