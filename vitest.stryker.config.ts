import { defineConfig } from 'vitest/config'
import base, { unitTestProjects } from './vitest.config'

// Stryker runs the unit tests only: type tests execute no code, so they cannot kill a mutant.
export default defineConfig({ test: { ...base.test, projects: unitTestProjects } })
