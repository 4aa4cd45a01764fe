import { serialNumberProblem } from '../core/serial-number'
import { businessErrorReply } from './replies'

/**
 * The fields a mock read from a request's body, or `refusal`: HotTask's answer to a body it cannot use, a business
 * error (HTTP 200, `Code` 400) that says why. Core's own rules decide, so the mocks refuse what the client would
 * not send.
 */
export type ReadRequest<TFields> = (TFields & { refusal?: undefined }) | { refusal: Response }

/** The JSON of a body as an object's fields; `{}` for a body that is not a JSON object, which then lacks them all. */
async function fieldsOf(request: Request): Promise<Record<string, unknown>> {
  const body: unknown = await request.json().catch(() => undefined)
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}

/**
 * The serial number of a "Create Chat Session" request, or the refusal of an unusable one, in `version`.
 *
 * @example
 * const read = await readSessionRequest(request)
 * if (read.refusal) return read.refusal
 */
export async function readSessionRequest(request: Request, version?: string): Promise<ReadRequest<{ serialNumber: string }>> {
  const { serialNumber } = await fieldsOf(request)
  const problem = serialNumberProblem(serialNumber)
  if (problem) return { refusal: businessErrorReply(400, `Invalid serial number: ${problem}.`, version) }
  return { serialNumber: serialNumber as string }
}
