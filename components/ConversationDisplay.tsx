import type { ConversationView } from '@/lib/mail';
import { MessageList } from './MessageList';

/**
 * A conversation's messages, oldest first, as a message list (each row opens its message, which goes back to the
 * conversations). Its table is what a conversation row unfolds into when JavaScript is on.
 */
export function ConversationDisplay({ folder, conversation, back }: { folder: string; conversation: ConversationView; back: string }) {
  const subject = conversation.messages[0]?.subject || '(no subject)';
  return (
    <div className="px-3 py-2">
      <p className="text-sm">
        <a href={back} data-nav="up">
          Back to conversations
        </a>
      </p>
      <h1 className="my-2 text-lg font-semibold">{subject}</h1>
      <p className="text-sm text-muted">
        {conversation.messages.length + conversation.more} messages{conversation.more > 0 ? `; the newest ${conversation.messages.length} are listed` : ''}
      </p>
      <div data-conversation-rows>
        <MessageList folder={folder} uidValidity={conversation.uidValidity} messages={conversation.messages} list={{ conversations: true }} />
      </div>
    </div>
  );
}
