using System.Runtime.InteropServices;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>What the gateway itself needs from a Chat Completions request; everything else passes through.</summary>
internal readonly record struct ChatRequestInfo(string Model, bool Stream, bool IncludeUsage)
{
    private const int ModelIndex = 0, MessagesIndex = 1, StreamIndex = 2, StreamOptionsIndex = 3;
    private static readonly TopLevelScan Fields = new("model", "messages", "stream", "stream_options");
    private static readonly TopLevelScan StreamOptionsFields = new("include_usage");

    /// <summary>Where the pass-through rewrite edits the body <see cref="Read(ReadOnlySpan{byte})"/> read.</summary>
    public ChatRequestLayout Layout { get; init; }

    /// <summary>
    /// Checks, in one <see cref="Utf8JsonReader"/> pass and without building a document, that the body is
    /// well-formed JSON and that the fields the gateway relies on are there; throws a 400 naming the field (or
    /// <c>invalid_json</c>) otherwise.
    /// </summary>
    public static ChatRequestInfo Read(ReadOnlySpan<byte> body)
    {
        Span<JsonSlice> found = stackalloc JsonSlice[4];
        JsonTokenType root;
        try
        {
            root = Fields.Scan(body, found);
        }
        catch (JsonException ex)
        {
            throw JsonBody.Invalid(ex);
        }

        if (root != JsonTokenType.StartObject)
        {
            throw Bad("The request body must be a JSON object.", null);
        }

        var model = found[ModelIndex];
        if (model.TokenType != JsonTokenType.String || model.GetString(body) is not { Length: > 0 } modelName)
        {
            throw Bad("You must provide a model parameter.", "model");
        }

        var messages = found[MessagesIndex];
        if (messages.TokenType != JsonTokenType.StartArray)
        {
            throw Bad("Missing required parameter: 'messages' (an array of messages).", "messages");
        }

        if (messages.IsEmptyContainer(body))
        {
            throw Bad("Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages");
        }

        var stream = found[StreamIndex].TokenType switch
        {
            JsonTokenType.None or JsonTokenType.False or JsonTokenType.Null => false,
            JsonTokenType.True => true,
            _ => throw Bad("Invalid type for 'stream': expected a boolean.", "stream"),
        };

        var includeUsage = false;
        var onlyIncludeUsage = false;
        var options = found[StreamOptionsIndex];
        if (options.TokenType is not (JsonTokenType.None or JsonTokenType.Null))
        {
            if (options.TokenType != JsonTokenType.StartObject)
            {
                throw Bad("Invalid type for 'stream_options': expected an object.", "stream_options");
            }

            Span<JsonSlice> usage = stackalloc JsonSlice[1];
            StreamOptionsFields.Scan(options.Of(body), usage, out var count);
            includeUsage = usage[0].TokenType switch
            {
                JsonTokenType.None or JsonTokenType.False or JsonTokenType.Null => false,
                JsonTokenType.True => true,
                _ => throw Bad("Invalid type for 'stream_options.include_usage': expected a boolean.", "stream_options.include_usage"),
            };
            onlyIncludeUsage = count == 1 && usage[0].Found;
        }

        return new ChatRequestInfo(modelName, stream, includeUsage) { Layout = new ChatRequestLayout(model, options, onlyIncludeUsage) };
    }

    /// <summary>
    /// <see cref="Read(ReadOnlySpan{byte})"/> over a parsed document's text (the <see cref="Layout"/> is then relative
    /// to <paramref name="root"/>'s own bytes). For callers that still hold a <see cref="JsonElement"/>.
    /// </summary>
    public static ChatRequestInfo Read(JsonElement root) => Read(JsonMarshal.GetRawUtf8Value(root));

    private static GatewayErrorException Bad(string message, string? param) =>
        new(GatewayError.BadRequest(message, param, param is null ? "invalid_request" : "invalid_value"));
}
