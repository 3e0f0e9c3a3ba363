// The webgpu device's hot operations as hand-written WGSL, indexed in u32 (gpu.js indexes sparse data in
// float32, exact only below 2²⁴): the CSR and dense products with X and Xᵀ, and the Gram matrix.
//
// Every buffer is row-major float32 (CSR offsets and column indices u32); factors are rows × kp.
// A dispatch may need more than the 65535 workgroups a dimension allows: kernels number their
// workgroups as wid.y · nwg.x + wid.x and skip those past the work.

/** Workgroups in one dispatch dimension (WebGPU's default maxComputeWorkgroupsPerDimension). */
export const MAX_GROUPS = 65535;

/** The CSR product: lanes of a workgroup share a row, `lanes` of them over its kp columns (a lane takes
 *  c, c + lanes, …); ROWS_PER_GROUP = 64 / lanes rows per workgroup. */
export const CSR_GROUP = 64;
export const csrTimesWgsl = /* wgsl */ `
struct Params { rows: u32, kp: u32, lanes: u32, groupsX: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> indptr: array<u32>;
@group(0) @binding(2) var<storage, read> indices: array<u32>;
@group(0) @binding(3) var<storage, read> values: array<f32>;
@group(0) @binding(4) var<storage, read> b: array<f32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(${CSR_GROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  let rowsPerGroup = ${CSR_GROUP}u / params.lanes;
  let row = (wid.y * params.groupsX + wid.x) * rowsPerGroup + lane / params.lanes;
  if (row >= params.rows) { return; }
  let start = indptr[row];
  let end = indptr[row + 1u];
  let kp = params.kp;
  for (var c = lane % params.lanes; c < kp; c += params.lanes) {
    var s = 0.0;
    for (var q = start; q < end; q++) { s += values[q] * b[indices[q] * kp + c]; }
    out[row * kp + c] = s;
  }
}
`;

/** The dense product out = A·B (A is m × n, B is n × kp): each workgroup makes a TILE_M × TILE_N tile
 *  of out, 8 × 8 threads of PER × PER outputs each, through TILE_K-deep slices of A and B held in
 *  workgroup memory. */
export const TILE = 32,
  TILE_K = 16,
  PER = 4;
export const denseTimesWgsl = /* wgsl */ `
struct Params { m: u32, n: u32, kp: u32, groupsX: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> tileA: array<f32, ${TILE * TILE_K}>; // [TILE rows][TILE_K]
var<workgroup> tileB: array<f32, ${TILE_K * TILE}>; // [TILE_K][TILE columns]

@compute @workgroup_size(8, 8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let m = params.m; let n = params.n; let kp = params.kp;
  let columnTiles = (kp + ${TILE - 1}u) / ${TILE}u;
  let tile = wid.y * params.groupsX + wid.x;
  // uniform across the workgroup: the whole group leaves together, before any barrier
  if (tile >= columnTiles * ((m + ${TILE - 1}u) / ${TILE}u)) { return; }
  let row0 = (tile / columnTiles) * ${TILE}u;
  let col0 = (tile % columnTiles) * ${TILE}u;
  var acc: array<f32, ${PER * PER}>;
  for (var p0 = 0u; p0 < n; p0 += ${TILE_K}u) {
    // 64 threads load 512 values of each tile, 8 apiece, zero past the edges
    for (var e = li; e < ${TILE * TILE_K}u; e += 64u) {
      let r = e / ${TILE_K}u; let p = e % ${TILE_K}u;
      var va = 0.0;
      if (row0 + r < m && p0 + p < n) { va = a[(row0 + r) * n + p0 + p]; }
      tileA[e] = va;
      let pb = e / ${TILE}u; let cb = e % ${TILE}u;
      var vb = 0.0;
      if (p0 + pb < n && col0 + cb < kp) { vb = b[(p0 + pb) * kp + col0 + cb]; }
      tileB[e] = vb;
    }
    workgroupBarrier();
    for (var p = 0u; p < ${TILE_K}u; p++) {
      for (var i = 0u; i < ${PER}u; i++) {
        let av = tileA[(lid.y + i * 8u) * ${TILE_K}u + p];
        for (var j = 0u; j < ${PER}u; j++) { acc[i * ${PER}u + j] += av * tileB[p * ${TILE}u + lid.x + j * 8u]; }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < ${PER}u; i++) {
    let r = row0 + lid.y + i * 8u;
    for (var j = 0u; j < ${PER}u; j++) {
      let c = col0 + lid.x + j * 8u;
      if (r < m && c < kp) { out[r * kp + c] = acc[i * ${PER}u + j]; }
    }
  }
}
`;

/** Partial Gram sums: workgroup (x, y, z) makes the GRAM_TILE × GRAM_TILE block (x, y) of the sum over
 *  rows [z·per, (z + 1)·per) of BᵀB, reading GRAM_ROWS rows at a time into workgroup memory; part z of
 *  the output is kp × kp. */
export const GRAM_TILE = 8,
  GRAM_ROWS = 64;
export const gramPartsWgsl = /* wgsl */ `
struct Params { rows: u32, kp: u32, per: u32, pad: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> parts: array<f32>;

var<workgroup> left: array<f32, ${GRAM_ROWS * GRAM_TILE}>;
var<workgroup> right: array<f32, ${GRAM_ROWS * GRAM_TILE}>;

@compute @workgroup_size(${GRAM_TILE}, ${GRAM_TILE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let kp = params.kp;
  let u0 = wid.y * ${GRAM_TILE}u; let v0 = wid.x * ${GRAM_TILE}u;
  let first = wid.z * params.per;
  let last = min(params.rows, first + params.per);
  var s = 0.0;
  for (var r0 = first; r0 < last; r0 += ${GRAM_ROWS}u) {
    for (var e = li; e < ${GRAM_ROWS * GRAM_TILE}u; e += ${GRAM_TILE * GRAM_TILE}u) {
      let r = r0 + e / ${GRAM_TILE}u; let t = e % ${GRAM_TILE}u;
      var vl = 0.0; var vr = 0.0;
      if (r < last && u0 + t < kp) { vl = b[r * kp + u0 + t]; }
      if (r < last && v0 + t < kp) { vr = b[r * kp + v0 + t]; }
      left[e] = vl; right[e] = vr;
    }
    workgroupBarrier();
    for (var r = 0u; r < ${GRAM_ROWS}u; r++) {
      s += left[r * ${GRAM_TILE}u + lid.y] * right[r * ${GRAM_TILE}u + lid.x];
    }
    workgroupBarrier();
  }
  let u = u0 + lid.y; let v = v0 + lid.x;
  if (u < kp && v < kp) { parts[wid.z * kp * kp + u * kp + v] = s; }
}
`;

/** Folds `count` parts of `size` values into `into` parts: out[g] = Σ over parts p ≡ g (mod into). */
export const foldPartsWgsl = /* wgsl */ `
struct Params { size: u32, count: u32, into: u32, groupsX: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> parts: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let e = (wid.y * params.groupsX + wid.x) * 64u + li;
  if (e >= params.size * params.into) { return; }
  let g = e / params.size; let q = e % params.size;
  var s = 0.0;
  for (var p = g; p < params.count; p += params.into) { s += parts[p * params.size + q]; }
  out[e] = s;
}
`;

/** u32 values as float32 (exact below 2²⁴): the CSR offsets and indices gpu.js's KL kernel reads. */
export const toFloatWgsl = /* wgsl */ `
struct Params { length: u32, groupsX: u32, pad0: u32, pad1: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> ints: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let e = (wid.y * params.groupsX + wid.x) * 64u + li;
  if (e < params.length) { out[e] = f32(ints[e]); }
}
`;
