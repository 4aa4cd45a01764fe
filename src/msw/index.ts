export { hotTaskHandlers } from './handlers'
export type {
  HotTaskMockOptions,
  HotTaskSuccessMockOptions,
  HotTaskBusinessErrorMockOptions,
  HotTaskHttpErrorMockOptions,
  HotTaskFailThenSucceedMockOptions,
  HotTaskMalformedMockOptions,
} from './handlers'
