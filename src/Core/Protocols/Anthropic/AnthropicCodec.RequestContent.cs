using System.Globalization;
using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>A client's Messages request → canonical: <c>system</c>, <c>messages</c> and their content blocks.</summary>
internal static partial class AnthropicCodec
{
    private static void ReadSystem(JsonElement system, CanonicalRequest request)
    {
        switch (system.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return;
            case JsonValueKind.String:
                if (system.GetString() is { Length: > 0 } text)
                {
                    request.Messages.Add(new CanonicalMessage(ChatRole.System, [new TextPart(text)]));
                }

                return;
            case JsonValueKind.Array:
                var parts = new List<ContentPart>(system.GetArrayLength());
                var index = 0;
                foreach (var block in system.EnumerateArray())
                {
                    if (!IsType(block, "text"u8))
                    {
                        throw BadRequest("'system' blocks must be text blocks.", Path("system", index));
                    }

                    parts.Add(ReadText(block, new BlockPath("system", index)));
                    index++;
                }

                if (parts.Count > 0)
                {
                    request.Messages.Add(new CanonicalMessage(ChatRole.System, parts));
                }

                return;
            default:
                throw BadRequest("'system' must be a string or an array of text blocks.", "system");
        }
    }

    private static CanonicalMessage ReadMessage(JsonElement message, int index)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw BadRequest("Each message must be an object.", Path("messages", index));
        }

        var role = message.TryGetProperty("role"u8, out var roleElement) && roleElement.ValueKind == JsonValueKind.String
            ? roleElement.ValueEquals("user"u8) ? ChatRole.User
                : roleElement.ValueEquals("assistant"u8) ? ChatRole.Assistant
                : roleElement.ValueEquals("system"u8) ? ChatRole.System
                : (ChatRole?)null
            : null;
        if (role is not { } chatRole)
        {
            throw BadRequest("A message's 'role' must be 'user', 'assistant' or 'system'.", Path("messages", index) + ".role");
        }

        if (!message.TryGetProperty("content"u8, out var content))
        {
            throw BadRequest("A message needs 'content'.", Path("messages", index) + ".content");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return new CanonicalMessage(chatRole, [new TextPart(content.GetString()!)]);
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw BadRequest("A message's 'content' must be a string or an array of content blocks.", Path("messages", index) + ".content");
        }

        var parts = new List<ContentPart>(content.GetArrayLength());
        var blockIndex = 0;
        foreach (var block in content.EnumerateArray())
        {
            var path = new BlockPath("messages", index, blockIndex);
            if (chatRole == ChatRole.System && !IsType(block, "text"u8))
            {
                throw BadRequest("A system message may hold only text blocks.", path.ToString());
            }

            parts.Add(ReadBlock(block, path));
            blockIndex++;
        }

        return new CanonicalMessage(chatRole, parts);
    }

    private static ContentPart ReadBlock(JsonElement block, BlockPath path)
    {
        if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw BadRequest("Each content block must be an object with a 'type'.", path.ToString());
        }

        if (type.ValueEquals("text"u8))
        {
            return ReadText(block, path);
        }

        if (type.ValueEquals("image"u8))
        {
            return ReadImage(block, path);
        }

        if (type.ValueEquals("document"u8))
        {
            return ReadDocument(block, path);
        }

        if (type.ValueEquals("tool_use"u8))
        {
            var input = block.TryGetProperty("input"u8, out var inputElement) ? inputElement.GetRawText() : "{}";
            return new ToolCallPart(RequiredString(block, "id"u8, path, "id"), RequiredString(block, "name"u8, path, "name"), input)
            {
                CacheControl = CacheControlOf(block),
            };
        }

        if (type.ValueEquals("tool_result"u8))
        {
            return ReadToolResult(block, path);
        }

        if (type.ValueEquals("thinking"u8))
        {
            return new ReasoningPart(RequiredString(block, "thinking"u8, path, "thinking"))
            {
                Signature = OptionalString(block, "signature"u8),
                Origin = WireFormat.AnthropicMessages,
            };
        }

        if (type.ValueEquals("redacted_thinking"u8))
        {
            return new ReasoningPart("")
            {
                RedactedData = RequiredString(block, "data"u8, path, "data"),
                Origin = WireFormat.AnthropicMessages,
            };
        }

        // server_tool_use, web_search_tool_result, mcp_tool_use, container_upload, search_result...: results of tools
        // Anthropic ran itself, with no counterpart in another provider's conversation.
        throw BadRequest(
            $"Content blocks of type '{type.GetString()}' cannot be translated for this model's provider.", path.ToString());
    }

    private static TextPart ReadText(JsonElement block, BlockPath path) =>
        new(RequiredString(block, "text"u8, path, "text")) { CacheControl = CacheControlOf(block) };

    private static ImagePart ReadImage(JsonElement block, BlockPath path)
    {
        var source = Source(block, path);
        var cacheControl = CacheControlOf(block);
        if (IsType(source, "base64"u8))
        {
            return new ImagePart
            {
                MediaType = RequiredString(source, "media_type"u8, path, "source.media_type"),
                Data = RequiredString(source, "data"u8, path, "source.data"),
                CacheControl = cacheControl,
            };
        }

        if (IsType(source, "url"u8))
        {
            return new ImagePart { Url = RequiredString(source, "url"u8, path, "source.url"), CacheControl = cacheControl };
        }

        throw BadRequest("Image sources other than 'base64' and 'url' cannot be translated for this model's provider.", path.ToString() + ".source.type");
    }

    private static DocumentPart ReadDocument(JsonElement block, BlockPath path)
    {
        var source = Source(block, path);
        var title = OptionalString(block, "title"u8);
        var cacheControl = CacheControlOf(block);
        if (IsType(source, "base64"u8))
        {
            return new DocumentPart
            {
                MediaType = RequiredString(source, "media_type"u8, path, "source.media_type"),
                Data = RequiredString(source, "data"u8, path, "source.data"),
                Title = title,
                CacheControl = cacheControl,
            };
        }

        if (IsType(source, "text"u8))
        {
            return new DocumentPart
            {
                MediaType = OptionalString(source, "media_type"u8) ?? "text/plain",
                Text = RequiredString(source, "data"u8, path, "source.data"),
                Title = title,
                CacheControl = cacheControl,
            };
        }

        if (IsType(source, "url"u8))
        {
            return new DocumentPart { Url = RequiredString(source, "url"u8, path, "source.url"), Title = title, CacheControl = cacheControl };
        }

        throw BadRequest("Document sources other than 'base64', 'text' and 'url' cannot be translated for this model's provider.", path.ToString() + ".source.type");
    }

    private static ToolResultPart ReadToolResult(JsonElement block, BlockPath path)
    {
        var id = RequiredString(block, "tool_use_id"u8, path, "tool_use_id");
        var isError = block.TryGetProperty("is_error"u8, out var error) && error.ValueKind == JsonValueKind.True;
        var content = new List<ContentPart>();
        if (block.TryGetProperty("content"u8, out var value))
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                if (value.GetString() is { Length: > 0 } text)
                {
                    content.Add(new TextPart(text));
                }
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var itemPath = path with { Item = index++ };
                    content.Add(
                        IsType(item, "text"u8) ? ReadText(item, itemPath)
                        : IsType(item, "image"u8) ? ReadImage(item, itemPath)
                        : throw BadRequest("A tool result may hold only text and image blocks here.", itemPath.ToString()));
                }
            }
            else if (value.ValueKind != JsonValueKind.Null)
            {
                throw BadRequest("A tool result's 'content' must be a string or an array of blocks.", path.ToString() + ".content");
            }
        }

        return new ToolResultPart(id, content, isError) { CacheControl = CacheControlOf(block) };
    }

    private static JsonElement Source(JsonElement block, BlockPath path) =>
        block.TryGetProperty("source"u8, out var source) && source.ValueKind == JsonValueKind.Object
            ? source
            : throw BadRequest("The block needs a 'source' object.", path.ToString() + ".source");

    private static JsonElement? CacheControlOf(JsonElement block) =>
        block.TryGetProperty("cache_control"u8, out var cacheControl) && cacheControl.ValueKind == JsonValueKind.Object ? cacheControl : null;

    private static bool IsType(JsonElement element, ReadOnlySpan<byte> type) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("type"u8, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.ValueEquals(type);

    private static string RequiredString(JsonElement element, ReadOnlySpan<byte> name, BlockPath path, string member) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw BadRequest($"'{member}' is required and must be a string.", path.ToString() + "." + member);

    private static string? OptionalString(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Path(string name, int index) => string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]");

    /// <summary>Where a block sits, for the parameter named in a 400: <c>messages[2].content[1].content[0]</c>.</summary>
    private readonly record struct BlockPath(string Root, int Index, int Block = -1, int Item = -1)
    {
        public override string ToString()
        {
            var path = Path(Root, Index);
            if (Block >= 0)
            {
                path += Path(".content", Block);
            }

            return Item >= 0 ? path + Path(".content", Item) : path;
        }
    }
}
