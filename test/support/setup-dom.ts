import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// Testing Library cleans up by itself only where the test runner's globals are on; ours are not.
afterEach(cleanup)
