using System.Text.Json;
using LlmGateway.Http;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

/// <summary>
/// <c>ChatRequestInfo.Read</c> as it was over a parsed <see cref="JsonElement"/>, before the one-pass scan of the
/// bytes: the oracle the scan must agree with (same fields, same errors). Not used by the gateway.
/// </summary>
internal readonly record struct ReferenceChatRequestInfo(string Model, bool Stream, bool IncludeUsage)
{
    /// <summary>Checks the fields the gateway relies on; throws a 400 naming the field otherwise.</summary>
    public static ReferenceChatRequestInfo Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Bad("The request body must be a JSON object.", null);
        }

        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } modelName)
        {
            throw Bad("You must provide a model parameter.", "model");
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            throw Bad("Missing required parameter: 'messages' (an array of messages).", "messages");
        }

        if (messages.GetArrayLength() == 0)
        {
            throw Bad("Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages");
        }

        var stream = false;
        if (root.TryGetProperty("stream", out var streamValue))
        {
            stream = streamValue.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                _ => throw Bad("Invalid type for 'stream': expected a boolean.", "stream"),
            };
        }

        var includeUsage = false;
        if (root.TryGetProperty("stream_options", out var options) && options.ValueKind != JsonValueKind.Null)
        {
            if (options.ValueKind != JsonValueKind.Object)
            {
                throw Bad("Invalid type for 'stream_options': expected an object.", "stream_options");
            }

            if (options.TryGetProperty("include_usage", out var usage))
            {
                includeUsage = usage.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False or JsonValueKind.Null => false,
                    _ => throw Bad("Invalid type for 'stream_options.include_usage': expected a boolean.", "stream_options.include_usage"),
                };
            }
        }

        return new ReferenceChatRequestInfo(modelName, stream, includeUsage);
    }

    private static GatewayErrorException Bad(string message, string? param) =>
        new(GatewayError.BadRequest(message, param, param is null ? "invalid_request" : "invalid_value"));
}
