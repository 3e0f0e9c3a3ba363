// latent backends: the devices found, and which one `auto` picks.
import type { Argv, CommandModule } from 'yargs';
import type { AdapterInfo } from '../../core/index.js';
import { autoDevice, probeDevices, SOFTWARE_OPT_IN } from '../../core/index.js';
import { formatTable } from '../../exporters/index.js';
import type { ArgsOf } from '../options.js';
import { withExamples, withTableFormat } from '../options.js';

const builder = (y: Argv) => withExamples(withTableFormat(y), [['$0 backends', 'is the GPU used?']]);

export const backendsCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'backends',
  describe: 'list the devices latent can run on and which one auto picks',
  builder,
  handler: async (a) => {
    const found = await probeDevices();
    // what auto takes for a large problem (a GPU only when it is hardware; small problems stay on the CPU)
    const auto = await autoDevice();
    const adapter = (a?: AdapterInfo) =>
      a
        ? `${a.vendor} ${a.architecture}: ${a.description || a.device}${a.software ? ` (software${process.env[SOFTWARE_OPT_IN] === '1' ? ', opted in' : ''})` : ''}`
        : '';
    const table = {
      columns: ['device', 'available', 'auto', 'adapter', 'detail'],
      rows: found.map((d) => [
        d.device,
        d.available ? 'yes' : 'no',
        d.device === auto ? '*' : '',
        adapter(d.adapter),
        d.detail,
      ]),
    };
    process.stdout.write(
      a.format === 'json' ? JSON.stringify({ auto, devices: found }, null, 2) + '\n' : formatTable(table, a.format),
    );
  },
};
