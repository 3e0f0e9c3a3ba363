// The backends job: the devices found, and which one `auto` picks, as a table or JSON.
import type { AdapterInfo } from '../../core/index.js';
import { autoDevice, probeDevices, SOFTWARE_OPT_IN } from '../../core/index.js';
import type { TableFormat } from '../../exporters/index.js';
import { formatTable } from '../../exporters/index.js';
import type { JobResult } from './job.js';

export interface BackendsOptions {
  format: TableFormat;
}

const adapterLine = (a?: AdapterInfo) =>
  a
    ? `${a.vendor} ${a.architecture}: ${a.description || a.device}` +
      (a.software ? ` (software${process.env[SOFTWARE_OPT_IN] === '1' ? ', opted in' : ''})` : '')
    : '';

export async function backendsJob(o: BackendsOptions): Promise<JobResult> {
  const found = await probeDevices();
  // what auto takes for a large problem (a GPU only when it is hardware; small problems stay on the CPU)
  const auto = await autoDevice();
  const table = {
    columns: ['device', 'available', 'auto', 'adapter', 'detail'],
    rows: found.map((d) => [
      d.device,
      d.available ? 'yes' : 'no',
      d.device === auto ? '*' : '',
      adapterLine(d.adapter),
      d.detail,
    ]),
  };
  const document =
    o.format === 'json' ? JSON.stringify({ auto, devices: found }, null, 2) + '\n' : formatTable(table, o.format);
  return { files: null, document };
}
