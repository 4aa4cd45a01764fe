export { createHotTaskClient } from './client'
export { DEFAULT_BASE_URL, CHAT_SESSION_PATH, CHAT_MESSAGE_PATH, MAX_MESSAGE_LENGTH } from './constants'
export { HotTaskError, isHotTaskError } from './errors'
export type { HotTaskErrorKind, HotTaskErrorDetails } from './errors'
export type { HotTaskEnvelope, ChatSessionData, ChatReplyData } from './envelope'
export type {
  ChatReply,
  ChatSession,
  ChatSessionRef,
  CreateChatSessionOptions,
  HotTaskClient,
  HotTaskClientConfig,
  SendMessageOptions,
} from './types'
