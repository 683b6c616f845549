using System.Text.Json;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// What the gateway needs from one Chat Completions body or stream chunk, read in one forward pass without
/// allocating: the usage object, whether <c>choices</c> is empty, whether a choice finished, and a top-level error.
/// </summary>
internal readonly record struct ChatChunkInfo(TokenUsage? Usage, bool ChoicesEmpty, bool Finished, bool IsError)
{
    public static ChatChunkInfo Read(ReadOnlySpan<byte> json)
    {
        TokenUsage? usage = null;
        var choicesEmpty = false;
        var finished = false;
        var isError = false;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    usage = reader.TokenType == JsonTokenType.StartObject ? OpenAIChatCodec.ReadUsage(ref reader) : null;
                    if (reader.TokenType is JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        (choicesEmpty, finished) = ReadChoices(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    isError |= reader.ValueTextEquals("error"u8);
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the caller forwards it as it is.
        }

        return new ChatChunkInfo(usage, choicesEmpty, finished, isError);
    }

    private static (bool Empty, bool Finished) ReadChoices(ref Utf8JsonReader reader)
    {
        var empty = true;
        var finished = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            empty = false;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isFinish = reader.ValueTextEquals("finish_reason"u8);
                reader.Read();
                if (isFinish)
                {
                    finished |= reader.TokenType == JsonTokenType.String;
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return (empty, finished);
    }
}
