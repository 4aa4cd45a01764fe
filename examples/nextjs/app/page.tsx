import { connection } from 'next/server'
import { allowedSerialNumbers } from './allowed-serial-numbers'
import { ChatLauncher } from './chat-launcher'
import { ServerSessionForm } from './server-session-form'

export default async function Page() {
  // Render per request: the serial numbers come from the server's environment at run time, not at build.
  await connection()
  const [serialNumber] = allowedSerialNumbers()

  return (
    <main>
      <h1>HotTask chat</h1>
      <p>
        The browser calls <code>/api/hottask</code>; the route handler adds the secret key and forwards the call
        to HotTask. Below it, a Server Action creates the session on the server instead. The key never reaches
        this page.
      </p>
      {serialNumber ? (
        <>
          <ChatLauncher serialNumber={serialNumber} />
          <ServerSessionForm serialNumber={serialNumber} />
        </>
      ) : (
        <p role="alert">Set HOTTASK_SERIAL_NUMBERS (and HOTTASK_API_KEY) on the server, then reload.</p>
      )}
    </main>
  )
}
