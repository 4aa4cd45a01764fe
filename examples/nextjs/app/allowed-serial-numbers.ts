/**
 * The chatbots this app may open sessions for, from `HOTTASK_SERIAL_NUMBERS` (comma-separated).
 * Read on each call, so `next build` needs none of it and `next start` takes the values it is given.
 */
export function allowedSerialNumbers(): string[] {
  return (process.env.HOTTASK_SERIAL_NUMBERS ?? '')
    .split(',')
    .map((serialNumber) => serialNumber.trim())
    .filter(Boolean)
}
