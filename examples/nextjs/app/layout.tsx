import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import { Providers } from './providers'

export const metadata: Metadata = {
  title: 'react-hottask: Next.js example',
  description: 'Chat with a HotTask chatbot from the browser while the secret key stays on the server.',
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '2rem auto', padding: '0 1rem' }}>
        <Providers>{children}</Providers>
      </body>
    </html>
  )
}
