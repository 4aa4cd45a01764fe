/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** `value / baseline`, rounded to 3 decimals. */
export function ratio(value, baseline) {
  return Math.round((value / baseline) * 1000) / 1000
}
