export { hotTaskHandlers } from './hot-task-handlers'
export type {
  HotTaskMockOptions,
  HotTaskSuccessMockOptions,
  HotTaskBusinessErrorMockOptions,
  HotTaskHttpErrorMockOptions,
  HotTaskFailThenSucceedMockOptions,
  HotTaskMalformedMockOptions,
  HotTaskMessageReplyContext,
  HotTaskMessageReplyMockOptions,
  HotTaskMessageBusinessErrorMockOptions,
  HotTaskMessageFailThenSucceedMockOptions,
  HotTaskChatbotMessage,
  HotTaskChatbotReplyContext,
  HotTaskChatbotMockOptions,
} from './options'
