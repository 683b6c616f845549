namespace LlmGateway.Translation;

/// <summary>
/// Groups a conversation into the alternating turns Anthropic and Gemini require: consecutive messages of the same
/// side merge (user and tool messages are the user's side), and messages that write nothing on their side (system
/// and developer messages, which go elsewhere, or empty ones) neither form a turn nor break one.
/// </summary>
internal static class ConversationTurns
{
    /// <param name="writes">Whether a part produces output on the given side in the target format.</param>
    public static List<(ChatRole Side, int Start, int End)> Group(List<CanonicalMessage> messages, Func<ContentPart, ChatRole, bool> writes)
    {
        var turns = new List<(ChatRole, int, int)>();
        var start = 0;
        while (start < messages.Count)
        {
            if (SideOf(messages[start], writes) is not { } side)
            {
                start++;
                continue;
            }

            var end = start + 1;
            while (end < messages.Count && SideOf(messages[end], writes) is var next && (next is null || next == side))
            {
                end++;
            }

            turns.Add((side, start, end));
            start = end;
        }

        return turns;
    }

    private static ChatRole? SideOf(CanonicalMessage message, Func<ContentPart, ChatRole, bool> writes)
    {
        ChatRole? side = message.Role switch
        {
            ChatRole.User or ChatRole.Tool => ChatRole.User,
            ChatRole.Assistant => ChatRole.Assistant,
            _ => null,
        };
        if (side is not { } role)
        {
            return null;
        }

        foreach (var part in message.Parts)
        {
            if (writes(part, role))
            {
                return side;
            }
        }

        return null;
    }
}
