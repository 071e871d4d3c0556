/** Where services get the time, so tests and the lab engine can use a virtual clock. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
