// The floors that keep every device's divisions finite, defined once: the host updates and the objective
// import them, the webasm kernels import this file too (plain constants compile as AssemblyScript), and
// the gpu.js kernels receive them as constants.

/** Multiplicative updates divide by max(denominator, TINY): a zero denominator means a zero numerator too. */
export const TINY = 1e-30;

/** KL's model value y = (WH)ᵢⱼ is floored here, so that x/y and log(x/y) stay finite where a factor row is zero. */
export const KL_FLOOR = 1e-12;
