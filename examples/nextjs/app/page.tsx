import { connection } from 'next/server'
import { allowedSerialNumbers } from './allowed-serial-numbers'
import { ChatWidget } from './chat-widget'
import { ServerSessionForm } from './server-session-form'

export default async function Page() {
  // Render per request: the serial numbers come from the server's environment at run time, not at build.
  await connection()
  const [serialNumber] = allowedSerialNumbers()

  return (
    <main>
      <h1>HotTask chat</h1>
      <p>
        The chat calls <code>/api/hottask</code>; the route handler adds the secret key and forwards the calls to
        HotTask. Below it, a Server Action creates a session on the server instead. The key never reaches this
        page.
      </p>
      {serialNumber ? (
        <>
          <ChatWidget serialNumber={serialNumber} />
          <ServerSessionForm serialNumber={serialNumber} />
        </>
      ) : (
        <p role="alert">Set HOTTASK_SERIAL_NUMBERS (and HOTTASK_API_KEY) on the server, then reload.</p>
      )}
    </main>
  )
}
