using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Json;

namespace LlmGateway.Providers.Mock;

/// <summary>Writes the mock's answers as OpenAI Chat Completions JSON and SSE.</summary>
internal static class MockResponseWriter
{
    public static byte[] Completion(string id, long created, string model, MockReply reply)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            WriteHeader(writer, id, "chat.completion", created, model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", reply.Text);
            writer.WriteNull("refusal");
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", reply.FinishReason);
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, reply);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static async Task<byte[]> StreamAsync(string id, long created, string model, MockReply reply, bool includeUsage, CancellationToken cancellationToken)
    {
        var chunks = new List<byte[]> { Chunk(id, created, model, includeUsage, role: true, content: "", finishReason: null) };
        chunks.AddRange(reply.Pieces.Select(piece => Chunk(id, created, model, includeUsage, role: false, content: piece, finishReason: null)));
        chunks.Add(Chunk(id, created, model, includeUsage, role: false, content: null, finishReason: reply.FinishReason));
        if (includeUsage)
        {
            chunks.Add(UsageChunk(id, created, model, reply));
        }

        chunks.Add("[DONE]"u8.ToArray());

        using var output = new MemoryStream();
        await SseFormatter.WriteAsync(ToAsync(chunks), output, static (item, writer) => writer.Write(item.Data), cancellationToken)
            .ConfigureAwait(false);
        return output.ToArray();
    }

    private static async IAsyncEnumerable<SseItem<byte[]>> ToAsync(List<byte[]> chunks)
    {
        foreach (var chunk in chunks)
        {
            yield return new SseItem<byte[]>(chunk);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static byte[] Chunk(string id, long created, string model, bool includeUsage, bool role, string? content, string? finishReason)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            WriteHeader(writer, id, "chat.completion.chunk", created, model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            if (role)
            {
                writer.WriteString("role", "assistant");
            }

            if (content is not null)
            {
                writer.WriteString("content", content);
            }

            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            if (finishReason is null)
            {
                writer.WriteNull("finish_reason");
            }
            else
            {
                writer.WriteString("finish_reason", finishReason);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            if (includeUsage)
            {
                writer.WriteNull("usage");
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] UsageChunk(string id, long created, string model, MockReply reply)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            WriteHeader(writer, id, "chat.completion.chunk", created, model);
            writer.WriteStartArray("choices");
            writer.WriteEndArray();
            WriteUsage(writer, reply);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteHeader(Utf8JsonWriter writer, string id, string type, long created, string model)
    {
        writer.WriteString("id", id);
        writer.WriteString("object", type);
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
        writer.WriteString("system_fingerprint", "mock");
    }

    private static void WriteUsage(Utf8JsonWriter writer, MockReply reply)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", reply.PromptTokens);
        writer.WriteNumber("completion_tokens", reply.CompletionTokens);
        writer.WriteNumber("total_tokens", reply.PromptTokens + reply.CompletionTokens);
        writer.WriteStartObject("prompt_tokens_details");
        writer.WriteNumber("cached_tokens", 0);
        writer.WriteEndObject();
        writer.WriteStartObject("completion_tokens_details");
        writer.WriteNumber("reasoning_tokens", 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
