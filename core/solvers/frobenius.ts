// The Frobenius loss for all three methods. Each half step needs the same two things, a product of X
// with the other factor and the other factor's Gram matrix; only the update rule differs:
//   hals  exact coordinate minimization, column by column (Cichocki & Phan 2009; scikit-learn's cd),
//         up to 3 sweeps a half against its one product (sweeps.ts)
//   mu    P ← P ∘ XB / (P·G + l1/2)  with G = Gram + l2·I  (Lee & Seung 2001, with penalties)
//   gd    P ← P − β·∇/‖∇‖,  ∇ = 2(P·G − XB) + l1·sign(P)
// F itself costs no product: ‖X‖² − 2⟨Hᵀ, XᵀW⟩ + ⟨WᵀW, HHᵀ⟩ reuses what the H half computed.
// hals on a device that fuses its W half (halsRows) reads X once per iteration: X·Hᵀ a block of rows at
// a time, the sweep, WᵀW and XᵀW of the new W all in that pass; under a mask the W half's correction is
// made first, into a rows × kp buffer the pass adds to each block of X·Hᵀ.
// With a mask (mask.ts) each product gains its EM correction, and F leaves out Σ y² over the masked
// entries, which the H half's correction returns; F is then taken between the halves (new W, old H),
// a sequence just as monotone.
import type { Buf, Side } from '../backends/backend.js';
import type { Method } from '../options.js';
import { projectedGradientSize } from '../convergence.js';
import { rootValue, sumOverRows } from '../distributed/shard.js';
import { frobeniusFromProducts } from '../objective.js';
import type { Solver, SolverContext } from './solver.js';
import { penaltyOf, stepLength, withRidge } from './solver.js';

export function frobeniusSolver(ctx: SolverContext, method: Method): Solver {
  const { X, rows, cols, k, kp, options: o, W, Ht, masked, sweeps } = ctx;
  // X·Hᵀ (rows × kp, as large as W) only where something keeps it: not where the device fuses it into
  // the W half; with H fixed (transform) only the W half runs and XᵀW is never formed
  const fused = method === 'hals' && !ctx.fixedH && X.halsRows ? X.halsRows.bind(X) : null;
  const XHt = fused ? null : X.alloc(rows, kp, 'rows'),
    XtW = ctx.fixedH ? XHt! : X.alloc(cols, kp, 'cols');
  const zeros = new Float64Array(kp);
  let GH: Float64Array | null = null;
  let GW: Float64Array | null = null;
  let last: number | null = null;

  const update = async (P: Buf, XB: Buf, G: Float64Array, l1: number, iteration: number): Promise<void> => {
    if (method === 'hals') return X.hals(P, XB, G, k, l1 / 2, sweeps[P === W ? 'rows' : 'cols']);
    if (method === 'mu') return X.multiplicative(P, XB, { G, c: new Float64Array(kp).fill(l1 / 2), a: 0 }, k);
    await X.gradientStep(
      P,
      XB,
      { G, c: zeros, a: 0, gScale: 2, nScale: 2, l1 },
      k,
      stepLength(o, iteration),
      o.nonnegative,
    );
  };

  async function half(
    side: Side,
    P: Buf,
    Q: Buf,
    XB: Buf,
    GQ: Float64Array,
    l1: number,
    l2: number,
    iteration: number,
  ) {
    await X.times(side, Q, XB);
    if (masked) await X.maskCorrection(masked, side, P, Q, XB, k, 'gram');
    await update(P, XB, withRidge(GQ, l2, kp), l1, iteration);
  }

  /** Masked F at (W, current Hᵀ) from XᵀW (uncorrected) and both Grams; adds the correction to XᵀW
   *  when it is to be used for an update. */
  async function maskedValue(forUpdate: boolean): Promise<number> {
    const inner = await X.inner(Ht, XtW, k);
    const missing = await X.maskCorrection(masked!, 'cols', Ht, W, forUpdate ? XtW : null, k, 'gram');
    return frobeniusFromProducts(ctx.normX2 - missing, inner, k, kp, GW!, GH!) + (await penalties());
  }

  const penalties = async () =>
    (o.l1W || o.l2W ? penaltyOf(await X.sums(W, k), o.l1W, o.l2W) : 0) +
    (o.l1H || o.l2H ? penaltyOf(await X.sums(Ht, k), o.l1H, o.l2H) : 0);
  // F from the last half's product; with H fixed the same identity with the factors' roles swapped:
  // ‖X‖² − 2⟨W, XHᵀ⟩ + ⟨HHᵀ, WᵀW⟩.
  const value = async () =>
    (ctx.fixedH
      ? frobeniusFromProducts(ctx.normX2, await X.inner(W, XHt!, k), k, kp, GH!, GW!)
      : frobeniusFromProducts(ctx.normX2, await X.inner(Ht, XtW, k), k, kp, GW!, GH!)) + (await penalties());

  let XHtCheck: Buf | null = null;
  /** Σ|PG| of P against its product XB with the other factor and that factor's Gram G, on the device
   *  where it sums it. */
  const gradientSize = async (P: Buf, XB: Buf, G: Float64Array, n: number, l1: number, l2: number) =>
    X.gradientSize
      ? X.gradientSize(P, XB, G, k, l1 / 2, l2)
      : projectedGradientSize(await X.read(P), await X.read(XB), G, n, k, kp, l1, l2);
  /** X·Hᵀ at the current H (with the mask's correction), in the step's buffer or one of the check's. */
  async function productWithH(): Promise<Buf> {
    const xh = XHt ?? (XHtCheck ??= X.alloc(rows, kp, 'rows'));
    await X.times('rows', Ht, xh);
    if (masked) await X.maskCorrection(masked, 'rows', W, Ht, xh, k, 'gram');
    return xh;
  }
  /** Σ|PG| over W and (unless fixed) H at the current factors: X·Hᵀ afresh (with the mask's correction:
   *  the masked gradient), both Grams. XᵀW is the step's own: the step made it from the W it left and
   *  then changed only H, which H's gradient does not involve; under a mask it is made afresh, as the
   *  masked step's product holds a correction for the H it had. */
  async function violation(): Promise<number> {
    const gw = await X.gram(W),
      gh = await X.gram(Ht);
    // W's part over every block of rows where X is one rank's block; H's from XᵀW, which such a block
    // holds whole only at rank 0, whose sum every rank then takes (ranks must stop alike). Where the W
    // half is fused, X·Hᵀ is made a block of rows at a time for it too: no buffer as large as W.
    const part = new Float64Array([
      fused && !masked && X.gradientSizeOfRows
        ? await X.gradientSizeOfRows(W, Ht, gh, k, o.l1W / 2, o.l2W)
        : await gradientSize(W, await productWithH(), gh, rows, o.l1W, o.l2W),
    ]);
    await sumOverRows(X, part);
    let size = part[0];
    if (!ctx.fixedH) {
      if (masked) {
        await X.times('cols', W, XtW);
        await X.maskCorrection(masked, 'cols', Ht, W, XtW, k, 'gram');
      }
      size += await gradientSize(Ht, XtW, gw, cols, o.l1H, o.l2H);
    }
    return rootValue(X, size);
  }

  /** One pass over X: the W half, WᵀW and XᵀW of the new W; under a mask the W half's correction, for
   *  the W and H it starts from, is made first into a buffer the pass adds to each block of X·Hᵀ. */
  async function fusedRows(): Promise<Float64Array> {
    const G = withRidge(GH!, o.l2W, kp);
    if (!masked) return fused!(W, Ht, G, k, o.l1W / 2, XtW, null, sweeps.rows);
    const undo = X.checkpoint();
    try {
      const correction = X.alloc(rows, kp, 'rows');
      await X.maskCorrection(masked, 'rows', W, Ht, correction, k, 'gram');
      return await fused!(W, Ht, G, k, o.l1W / 2, XtW, correction, sweeps.rows);
    } finally {
      undo();
    }
  }

  return {
    ...(method === 'hals' ? { violation } : {}),
    async step(iteration) {
      GH ??= await X.gram(Ht);
      if (fused) GW = await fusedRows();
      else {
        await half('rows', W, Ht, XHt!, GH, o.l1W, o.l2W, iteration);
        GW = await X.gram(W);
      }
      if (masked || !ctx.fixedH) {
        // XᵀW of the new W (the fused pass made it); under a mask F is taken between the halves from the
        // uncorrected XᵀW, which then gains its own correction for the H half
        if (!fused) await X.times('cols', W, XtW);
        if (masked) last = await maskedValue(true);
        await update(Ht, XtW, withRidge(GW, o.l2H, kp), o.l1H, iteration);
        GH = await X.gram(Ht);
        if (masked) return last!;
      }
      last = await value();
      return last;
    },
    async objective() {
      if (masked) {
        await X.times('cols', W, XtW);
        GW = await X.gram(W);
        GH = await X.gram(Ht);
        return maskedValue(false);
      }
      if (last !== null) return last;
      if (ctx.fixedH) await X.times('rows', Ht, XHt!);
      else await X.times('cols', W, XtW);
      GW = await X.gram(W);
      GH = await X.gram(Ht);
      return value();
    },
  };
}
