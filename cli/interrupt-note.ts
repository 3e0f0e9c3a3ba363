// What the SIGINT/SIGTERM handler says besides "interrupted": a distributed rank names itself.
let note: (() => string) | null = null;

export function setInterruptNote(make: () => string): void {
  note = make;
}

export const interruptNote = (): string | null => note?.() ?? null;
