/** The retry settings both mutation-option factories give, which a caller's options may override. */
interface RetryDefaults {
  retry: unknown
  retryDelay: unknown
}

/**
 * `defaults` overridden by the caller's `options`, except that an option left `undefined` (an unset prop passed
 * on as `{ retry: undefined }`) keeps our retry policy rather than becoming react-query's "no retries".
 *
 * @example
 * useMutation(withOptions(chatSessionMutationOptions(client, serialNumber), options), queryClient)
 */
export function withOptions<TDefaults extends RetryDefaults, TOptions extends Partial<RetryDefaults>>(defaults: TDefaults, options: TOptions | undefined) {
  return { ...defaults, ...options, retry: options?.retry ?? defaults.retry, retryDelay: options?.retryDelay ?? defaults.retryDelay }
}
