// SIMD pieces the kernels share: the multiply–add, and the 16-wide chunk of a result row that the
// product kernels keep in registers.

/** a·b + c: one fused multiply–add where the module is built with relaxed SIMD (kernels-fma.wasm, run
 *  where the engine has it), a multiply and an add otherwise. */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** a·b + c in float64 for a and b widened from float32: their product is exact in float64, so the
 *  fused and the plain forms round alike and give the same bits; the fused one is one instruction. */
@inline export function maddExact64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

@inline export function storeChunk(dst: usize, nv: i32, v0: v128, v1: v128, v2: v128, v3: v128): void {
  v128.store(dst, v0);
  if (nv > 1) v128.store(dst, v1, 16);
  if (nv > 2) v128.store(dst, v2, 32);
  if (nv > 3) v128.store(dst, v3, 48);
}

/** Accumulators of a 16-wide chunk: zero for the first block of the inner dimension, else what earlier
 *  blocks stored (lanes past the row's end are read from the slack and never stored). */
@inline export function startChunk(o: usize, first: bool, at: i32): v128 {
  return first ? f32x4.splat(0) : v128.load(o + (<usize>at << 4));
}
