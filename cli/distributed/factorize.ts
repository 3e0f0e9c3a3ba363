// `latent factorize MATRIX --distributed -o PREFIX` under mpirun: each rank keeps its block of a
// MatrixMarket coordinate file's rows (a coordinate file lists entries in any order, so each rank reads
// the file through and keeps its own: its memory is its share) or reads its byte range of a CSV/TSV
// file (csv-share.ts), the fit runs across ranks, each rank
// writes its rows of W as a shard of PREFIX.W.csv|tsv, rank 0 writes PREFIX.H.csv|tsv, the manifest,
// the model, and the run as JSON on stdout.
import { OPTION_NAMES, pickOptions, usageError } from '../../core/index.js';
import type { FactorFormat } from '../../exporters/index.js';
import {
  columnNames,
  delimitedHeader,
  delimitedRows,
  factorNames,
  formatFactor,
  OutputBatch,
} from '../../exporters/index.js';
import { loadMatrixMarket, matrixFileFormat } from '../../loaders/index.js';
import type { FactorizationArgs } from '../options.js';
import type { DistributedArgs } from './fit.js';
import { distributedSummary, fitAcrossRanks, saveDistributedModel } from './fit.js';
import type { RankJob } from './job.js';
import { writeShards } from './shards.js';
import { loadCsvShare } from './csv-share.js';
import { pendingOutputs } from '../pending-outputs.js';

export interface DistributedFactorizeArgs extends FactorizationArgs, DistributedArgs {
  matrix: string;
  k: number;
  labels?: string;
  missing: boolean;
  inputFormat?: string;
  header?: boolean;
  rowLabels?: boolean;
}

export async function distributedFactorize(
  a: DistributedFactorizeArgs,
  format: FactorFormat,
  prefix: string | undefined,
  job: RankJob,
): Promise<string | null> {
  const { comm, root } = job;
  if (!prefix || (format !== 'csv' && format !== 'tsv'))
    throw usageError('--distributed writes W as one shard per rank: give -o PREFIX (and --format csv or tsv)');
  if (a.missing || a.labels)
    throw usageError(`${a.missing ? '--missing' : '--labels'} is not available with --distributed: leave it out`);
  const kind = await matrixFileFormat(a.matrix, a.inputFormat as never);
  if (kind === 'uci')
    throw usageError(
      `${a.matrix}: --distributed reads MatrixMarket coordinate and CSV/TSV files (each rank its block of rows): ` +
        `write the UCI counts as MatrixMarket`,
    );
  const data =
    kind === 'matrixmarket'
      ? await loadMatrixMarket(a.matrix, false, { rank: comm.rank, of: comm.size })
      : await loadCsvShare(a.matrix, kind, comm, { header: a.header, rowLabels: a.rowLabels });
  const fingerprint = {
    command: 'factorize',
    matrix: a.matrix,
    ...pickOptions(a, OPTION_NAMES),
    k: a.k,
    rows: data.X.rows,
    cols: data.X.cols,
  };
  const { fit, columnSums, ranks } = await fitAcrossRanks(data.X, a, job, fingerprint);
  const ext = format,
    delimiter = format === 'csv' ? ',' : '\t';
  const components = factorNames(fit.W.cols, 'matrix');
  const batch = new OutputBatch(pendingOutputs);
  try {
    await writeShards(batch, comm, `${prefix}.W.${ext}`, fit.W.rows, [
      delimitedHeader(true, components, delimiter),
      delimitedRows(fit.W, data.rows, delimiter),
    ]);
    let document: string | null = null;
    if (root) {
      await batch.write(
        `${prefix}.H.${ext}`,
        formatFactor(
          fit.H,
          format,
          components,
          columnNames(null, fit.H.cols),
          `H of ${a.matrix}: components × columns`,
        ),
      );
      await saveDistributedModel(batch, a.model, fit, columnSums, data.columns);
      document =
        JSON.stringify(
          {
            command: 'factorize',
            rows: fit.totalRows,
            cols: fit.H.cols,
            ...distributedSummary(fit, ranks),
            W: `${prefix}.W.${ext}.manifest.json`,
            H: `${prefix}.H.${ext}`,
          },
          null,
          2,
        ) + '\n';
    }
    await comm.barrier();
    await batch.commit();
    return document;
  } catch (e) {
    await batch.abort();
    throw e;
  }
}
