using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;

namespace LlmGateway.Protocols.OpenAI.Completions;

/// <summary>
/// A legacy Completions request (<c>POST /v1/completions</c>) rewritten as the Chat Completions request that serves
/// it: the prompt becomes one user message, <c>max_tokens</c> defaults to 16 as in OpenAI's legacy API, and every
/// other field is kept as a chat client would send it (<c>temperature</c>, <c>stop</c>, <c>seed</c>, penalties,
/// <c>stream_options</c>, unknown fields). What chat cannot honour is rejected with 400 naming it: several prompts,
/// token-id prompts, <c>suffix</c>, <c>echo</c>, <c>best_of</c> above 1, <c>logprobs</c>, <c>n</c> above 1, and
/// chat-only fields (<c>messages</c>, <c>tools</c>...).
/// </summary>
internal static class CompletionsRequest
{
    public const int DefaultMaxTokens = 16;

    private const string Target = "this gateway's /v1/completions";

    private static readonly string[] ChatOnly = ["messages", "tools", "tool_choice", "parallel_tool_calls", "functions", "function_call"];

    /// <summary>The chat body for a completions body (throws a 400 naming the field at fault).</summary>
    public static byte[] ToChat(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Bad("The request body must be a JSON object.", null, "invalid_request");
        }

        if (!root.TryGetProperty("model"u8, out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 })
        {
            throw Bad("You must provide a model parameter.", "model", "missing_required_parameter");
        }

        var prompt = Prompt(root);
        var buffer = new ArrayBufferWriter<byte>(prompt.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("model"u8);
            JsonRaw.Write(writer, model);
            writer.WriteStartArray("messages"u8);
            writer.WriteStartObject();
            writer.WriteString("role"u8, "user"u8);
            writer.WriteString("content"u8, prompt);
            writer.WriteEndObject();
            writer.WriteEndArray();
            var hasLimit = false;
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "model" or "prompt":
                        continue;
                    case "suffix":
                        RejectUnless(property.Name, value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0),
                            "it answers through the chat API, which cannot insert text before a suffix");
                        continue;
                    case "echo":
                        RejectUnless(property.Name, value.ValueKind is JsonValueKind.Null or JsonValueKind.False, "it answers through the chat API, which does not echo the prompt");
                        continue;
                    case "best_of":
                        RejectUnless(property.Name, IsNullOrOne(value), "it answers through the chat API, which returns one candidate");
                        continue;
                    case "n":
                        RejectUnless(property.Name, IsNullOrOne(value), "it returns one choice per request");
                        continue;
                    case "logprobs":
                        RejectUnless(property.Name, value.ValueKind == JsonValueKind.Null, "it answers through the chat API of any upstream and does not carry log probabilities");
                        continue;
                    case "max_tokens" or "max_completion_tokens" when value.ValueKind == JsonValueKind.Null:
                        continue;
                    case "max_tokens" or "max_completion_tokens":
                        hasLimit = true;
                        break;
                }

                if (ChatOnly.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw Bad($"Unrecognized request argument supplied: '{property.Name}' (a Chat Completions parameter: send it to /v1/chat/completions).", property.Name, "unknown_parameter");
                }

                property.WriteTo(writer);
            }

            if (!hasLimit)
            {
                writer.WriteNumber("max_tokens"u8, DefaultMaxTokens);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The one prompt: a string, or an array holding one string.</summary>
    private static string Prompt(JsonElement root)
    {
        if (!root.TryGetProperty("prompt"u8, out var prompt) || prompt.ValueKind == JsonValueKind.Null)
        {
            throw Bad("Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter");
        }

        string? text = null;
        if (prompt.ValueKind == JsonValueKind.Array)
        {
            var count = prompt.GetArrayLength();
            if (count > 0 && prompt[0].ValueKind is JsonValueKind.Number or JsonValueKind.Array)
            {
                throw new GatewayErrorException(GatewayError.Unsupported("prompt", Target,
                    "token-id prompts need the model's own tokenizer; it answers through the chat API, which takes text"));
            }

            if (count > 1)
            {
                throw new GatewayErrorException(GatewayError.Unsupported("prompt", Target,
                    string.Create(CultureInfo.InvariantCulture, $"it serves one prompt per request and this one has {count}; send them as separate requests")));
            }

            text = count == 1 && prompt[0].ValueKind == JsonValueKind.String ? prompt[0].GetString() : null;
        }
        else if (prompt.ValueKind == JsonValueKind.String)
        {
            text = prompt.GetString();
        }

        return text switch
        {
            null => throw Bad("Invalid type for 'prompt': expected a string or an array of one string.", "prompt", "invalid_type"),
            { Length: 0 } => throw Bad("Invalid 'prompt': the prompt is empty.", "prompt"),
            _ => text,
        };
    }

    private static bool IsNullOrOne(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number == 1);

    private static void RejectUnless(string name, bool isDefault, string reason)
    {
        if (!isDefault)
        {
            throw new GatewayErrorException(GatewayError.Unsupported(name, Target, reason));
        }
    }

    private static GatewayErrorException Bad(string message, string? param, string code = "invalid_value") =>
        new(GatewayError.BadRequest(message, param, code));
}
