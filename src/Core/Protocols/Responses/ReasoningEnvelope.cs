using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Responses;

/// <summary>
/// How another provider's signed reasoning rides in a Responses <c>reasoning</c> item's <c>encrypted_content</c>, so
/// that a stateless client (Codex replays every reasoning item with its <c>encrypted_content</c>) sends it back and it
/// reaches the provider that minted it, whole: <c>lgw1.</c> followed by base64url of
/// <c>{"o": origin, "t": text, "s": signature, "r": redacted data, "g": Gemini thought signature}</c>. Not
/// encrypted — the signatures inside are the provider's own protection — only marked as the gateway's. Anything
/// else in <c>encrypted_content</c> is OpenAI's own and goes back only to a Responses upstream.
/// </summary>
internal static class ReasoningEnvelope
{
    public const string Prefix = "lgw1.";

    private const string Anthropic = "anthropic";
    private const string Gemini = "gemini";

    /// <summary>
    /// The <c>encrypted_content</c> for a reasoning part: OpenAI's own as it came; another provider's signed reasoning
    /// sealed in the envelope; null when there is nothing that could go back (unsigned reasoning).
    /// </summary>
    public static string? EncryptedContentFor(ReasoningPart reasoning) => reasoning.Origin switch
    {
        WireFormat.OpenAIResponses => reasoning.Signature,
        WireFormat.AnthropicMessages when !string.IsNullOrEmpty(reasoning.Signature) || reasoning.RedactedData is not null =>
            Seal(Anthropic, reasoning.Text, reasoning.Signature, reasoning.RedactedData, null),
        WireFormat.Gemini when reasoning.ThoughtSignature is not null => Seal(Gemini, reasoning.Text, null, null, reasoning.ThoughtSignature),
        _ => null,
    };

    /// <summary>Seals reasoning of <paramref name="origin"/> (<see cref="WireFormat.AnthropicMessages"/> or <see cref="WireFormat.Gemini"/>).</summary>
    public static string Seal(WireFormat origin, string text, string? signature, string? redactedData, string? thoughtSignature) =>
        Seal(origin == WireFormat.Gemini ? Gemini : Anthropic, text, signature, redactedData, thoughtSignature);

    /// <summary>
    /// A replayed reasoning item back in the canonical model: the envelope opened into the reasoning its provider
    /// minted, or OpenAI's own <c>encrypted_content</c> as the signature of Responses reasoning; null when
    /// <paramref name="encryptedContent"/> starts with the envelope's prefix but is not a valid envelope.
    /// </summary>
    public static ReasoningPart? Open(string encryptedContent, string summary)
    {
        if (!encryptedContent.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return new ReasoningPart(summary) { Signature = encryptedContent, Origin = WireFormat.OpenAIResponses };
        }

        try
        {
            var json = Base64Url.DecodeFromChars(encryptedContent.AsSpan(Prefix.Length));
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? origin = null, text = null, signature = null, redacted = null, thought = null;
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                switch (property.Name)
                {
                    case "o":
                        origin = value;
                        break;
                    case "t":
                        text = value;
                        break;
                    case "s":
                        signature = value;
                        break;
                    case "r":
                        redacted = value;
                        break;
                    case "g":
                        thought = value;
                        break;
                }
            }

            return origin switch
            {
                Anthropic => new ReasoningPart(text ?? "") { Signature = signature, RedactedData = redacted, Origin = WireFormat.AnthropicMessages },
                Gemini => new ReasoningPart(text ?? "") { ThoughtSignature = thought, Origin = WireFormat.Gemini },
                _ => null,
            };
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Seal(string origin, string text, string? signature, string? redactedData, string? thoughtSignature)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (text.Length * 2) + (signature?.Length ?? 0) + (redactedData?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("o"u8, origin);
            writer.WriteString("t"u8, text);
            WriteOptional(writer, "s"u8, signature);
            WriteOptional(writer, "r"u8, redactedData);
            WriteOptional(writer, "g"u8, thoughtSignature);
            writer.WriteEndObject();
        }

        return Prefix + Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
