export { hotTaskHandlers } from './hot-task-handlers'
export type {
  HotTaskMockOptions,
  HotTaskSuccessMockOptions,
  HotTaskBusinessErrorMockOptions,
  HotTaskHttpErrorMockOptions,
  HotTaskFailThenSucceedMockOptions,
  HotTaskMalformedMockOptions,
} from './options'
