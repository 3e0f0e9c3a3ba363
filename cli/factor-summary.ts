// factorize's answer for a person at a terminal: the shape, F and whether the run converged, then each
// component by share with its heaviest columns, in place of a JSON document of every factor value.
import type { Fit, Matrix } from '../core/index.js';
import type { TopicsTextOptions } from '../exporters/index.js';
import { columnNames, topicsOf, topicsText } from '../exporters/index.js';

/** Columns shown per component. */
const HEAVIEST = 8;

export function factorSummary(
  name: string,
  X: Pick<Matrix, 'rows' | 'cols'>,
  fit: Fit,
  labels: string[] | null,
  o: TopicsTextOptions,
): string {
  const k = fit.W.cols;
  const head =
    `${name}: ${X.rows} rows × ${X.cols} columns, k = ${k}: F ${fit.objective.toPrecision(6)} after ` +
    `${fit.iterations} iterations, ${fit.converged ? 'converged' : 'not converged'}`;
  const components = topicsText(
    topicsOf(fit.W, fit.H, columnNames(labels, fit.H.cols), Math.min(HEAVIEST, fit.H.cols)),
    undefined,
    o,
  ).replace(/^Topic /gm, 'Component ');
  return `${head}\n(-o PREFIX writes W and H; --format json prints them)\n\n${components}`;
}
