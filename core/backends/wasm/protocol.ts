/** Float64 slots per thread in the shared argument block: the kernel's arguments, then its index and count. */
export const ARG_SLOTS = 16;
export const FN_SLOT = 14;
