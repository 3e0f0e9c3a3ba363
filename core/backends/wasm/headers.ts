// The float64 headers of the kernels whose arguments do not fit the pool's slots (protocol.ts): each
// slot named once, for the host that fills a header (index.ts) and the kernels that read it by offset
// (assembly/sweep.ts, window.ts). Plain enums, which AssemblyScript compiles as TypeScript does (as it
// does core/floors.ts): a slot added here is a compile error in index.ts until it is given a value.

/** halsRows' header (assembly/sweep.ts). Pointers are byte offsets into the kernels' memory. */
export enum HalsRowsSlot {
  /** Dense X's values, or CSR X's indptr. */
  x,
  /** CSR X's indices (0 for a dense X). */
  indices,
  /** CSR X's data (0 for a dense X). */
  data,
  /** Dense X's row stride; 0 marks a CSR X. */
  lda,
  /** X's columns. */
  cols,
  /** The other factor Q (cols × kp f32). */
  q,
  kp,
  k,
  /** The factor swept, P (rows × kp f32). */
  p,
  /** G (f32, kp × kp, l2 on its diagonal). */
  g,
  l1half,
  rows,
  /** Gram parts of the rows. */
  parts,
  /** The parts' Gram blocks (parts × kp × kp f64). */
  grams,
  /** Per part 4 × kp f64 (gram's widened rows). */
  wides,
  /** Per part `blockRows` × kp f32 of X·Q, `scratchStride` bytes apart. */
  scratch,
  blockRows,
  scratchStride,
  /** For a dense X, 0 or Xᵀ·P's output (X's columns × kp f32), which takes the first group's Xᵀ·P of its
   *  rows of the updated P: made while the block of X is still in cache, so an iteration reads X from
   *  memory once instead of twice. */
  xtp,
  /** Bytes between the groups' partial Xᵀ·P. */
  partStride,
  /** Threads take whole groups of consecutive parts, [g0, g1). */
  groups,
  /** The other groups' Xᵀ·P, `partStride` bytes apart (addParts adds them to the first's). */
  partials,
  /** gradientSizeRows (assembly/gradient.ts), which reads this header without sweeping: l2, and the
   *  parts' sizes (parts f64). */
  l2,
  sizes,
  /** 0 or a rows × kp f32 buffer added to X·Q's rows before the sweep: a mask's correction (core/mask.ts),
   *  made for the P and Q the sweep starts from. */
  add,
  /** HALS sweeps each block of rows makes with its block of X·Q (the solver's inner sweeps). */
  sweeps,
}

/** windowPass' plan (assembly/window.ts; core/mask.ts documents the pass). */
export enum WindowSlot {
  /** The sorted targets (i32). */
  targets,
  /** Their windows' starts (f64). */
  starts,
  /** The sources (i32). */
  sources,
  /** The sources' keys on the circle (f64). */
  keys,
  /** The number of sources. */
  sourceCount,
  /** The number of targets. */
  targetCount,
  threshold,
  /** Parts of the targets, each starting its window afresh. */
  parts,
}
