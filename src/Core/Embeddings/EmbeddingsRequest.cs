using System.Text.Json;
using LlmGateway.Http;

namespace LlmGateway.Embeddings;

/// <summary>
/// What the gateway reads from an OpenAI embeddings request (<c>model</c>, <c>input</c>, <c>encoding_format</c>,
/// <c>dimensions</c>, <c>user</c>); the body itself goes to OpenAI-compatible upstreams as it came, model rewritten.
/// <c>input</c> is a string, an array of strings, or token ids (an array of integers, or of integer arrays): at most
/// 2,048 inputs, none empty, as OpenAI requires. Invalid input throws a 400 naming the field.
/// </summary>
internal sealed class EmbeddingsRequest
{
    public const int MaxInputs = 2048;

    private EmbeddingsRequest(string model) => Model = model;

    public string Model { get; }

    /// <summary>The texts to embed, in order; empty when the input is token ids.</summary>
    public IReadOnlyList<string> Texts { get; private init; } = [];

    /// <summary>The input is token ids, which only an upstream with OpenAI's own tokenizers can embed.</summary>
    public bool TokenIds { get; private init; }

    /// <summary>The input was one string rather than an array.</summary>
    public bool Single { get; private init; }

    /// <summary><c>encoding_format: "base64"</c>: each vector as little-endian float32 bytes in base64 (the OpenAI SDKs' default).</summary>
    public bool Base64 { get; private init; }

    public int? Dimensions { get; private init; }

    /// <summary>Top-level fields other than the known ones, which only a same-format upstream can honour.</summary>
    public IReadOnlyList<string> OtherFields { get; private init; } = [];

    public static EmbeddingsRequest Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Bad("The request body must be a JSON object.", null, "invalid_request");
        }

        if (!root.TryGetProperty("model"u8, out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } name)
        {
            throw Bad("You must provide a model parameter.", "model", "missing_required_parameter");
        }

        if (!root.TryGetProperty("input"u8, out var input) || input.ValueKind == JsonValueKind.Null)
        {
            throw Bad("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        }

        var (texts, tokenIds) = ReadInput(input);
        var others = new List<string>();
        bool base64 = false;
        int? dimensions = null;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "model" or "input":
                    break;
                case "encoding_format":
                    base64 = value.ValueKind switch
                    {
                        JsonValueKind.Null => false,
                        JsonValueKind.String when value.ValueEquals("float"u8) => false,
                        JsonValueKind.String when value.ValueEquals("base64"u8) => true,
                        _ => throw Bad("Invalid value for 'encoding_format': expected 'float' or 'base64'.", "encoding_format"),
                    };
                    break;
                case "dimensions":
                    dimensions = value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.Number when value.TryGetInt32(out var number) && number > 0 => number,
                        _ => throw Bad("Invalid value for 'dimensions': expected a positive integer.", "dimensions"),
                    };
                    break;
                case "user":
                    if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        throw Bad("Invalid type for 'user': expected a string.", "user", "invalid_type");
                    }

                    break;
                default:
                    others.Add(property.Name);
                    break;
            }
        }

        return new EmbeddingsRequest(name)
        {
            Texts = texts,
            TokenIds = tokenIds,
            Single = input.ValueKind == JsonValueKind.String,
            Base64 = base64,
            Dimensions = dimensions,
            OtherFields = others,
        };
    }

    private static (List<string> Texts, bool TokenIds) ReadInput(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return ([NonEmpty(input.GetString()!, "input")], false);
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            throw Bad("Invalid type for 'input': expected a string, an array of strings, or token ids.", "input", "invalid_type");
        }

        var count = input.GetArrayLength();
        if (count == 0)
        {
            throw Bad("Invalid 'input': empty array. Expected at least one input.", "input");
        }

        if (count > MaxInputs)
        {
            throw Bad($"Invalid 'input': {count} inputs; at most {MaxInputs} are allowed per request.", "input");
        }

        var first = input[0].ValueKind;
        if (first is JsonValueKind.Number or JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in input.EnumerateArray())
            {
                if (!(first == JsonValueKind.Number ? IsTokenId(item) : item.ValueKind == JsonValueKind.Array && item.GetArrayLength() > 0 && item.EnumerateArray().All(IsTokenId)))
                {
                    throw Bad($"Invalid 'input[{i}]': token-id input must be an array of integers or an array of non-empty integer arrays.", $"input[{i}]", "invalid_type");
                }

                i++;
            }

            return ([], true);
        }

        var texts = new List<string>(count);
        foreach (var item in input.EnumerateArray())
        {
            var param = $"input[{texts.Count}]";
            texts.Add(item.ValueKind == JsonValueKind.String ? NonEmpty(item.GetString()!, param) : throw Bad($"Invalid type for '{param}': expected a string.", param, "invalid_type"));
        }

        return (texts, false);
    }

    private static bool IsTokenId(JsonElement item) => item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var id) && id >= 0;

    private static string NonEmpty(string text, string param) =>
        text.Length > 0 ? text : throw Bad($"Invalid '{param}': the input is an empty string.", param);

    private static GatewayErrorException Bad(string message, string? param, string code = "invalid_value") =>
        new(GatewayError.BadRequest(message, param, code));
}
