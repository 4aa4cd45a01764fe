import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  // The repository root has its own package-lock.json; without this, Next would take the repository as the
  // workspace root. Scoping it here also means the app can only use react-hottask as installed in
  // node_modules (the packed package), never the library's sources next door.
  turbopack: { root: __dirname },
  outputFileTracingRoot: __dirname,
}

export default nextConfig
