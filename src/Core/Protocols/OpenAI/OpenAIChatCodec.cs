using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// The hub's OpenAI Chat Completions codec (docs/translation.md): a client's request to the canonical model and
/// back out to an OpenAI-compatible upstream; an upstream's answer to the canonical model and back out to a client.
/// Streams go through <see cref="OpenAIStreamDecoder"/> and <see cref="OpenAIStreamEncoder"/>.
/// </summary>
internal static partial class OpenAIChatCodec
{
    /// <summary>Where the codec names itself in "not supported by ..." errors.</summary>
    internal const string UpstreamName = "an OpenAI-compatible upstream";

    private static GatewayErrorException Invalid(string message, ParamPath? param, string code = "invalid_value") =>
        new(GatewayError.BadRequest(message, param?.ToString(), code));

    private static GatewayErrorException InvalidType(ParamPath param, string expected) =>
        Invalid($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");

    private static GatewayErrorException Missing(ParamPath param) =>
        Invalid($"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    /// <summary>A parameter's path in the request (<c>messages[2].content[1].image_url</c>), formatted only when an error names it.</summary>
    private readonly struct ParamPath(string template, int first = 0, int second = 0)
    {
        public static implicit operator ParamPath(string name) => new(name);

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, template, first, second);
    }

    /// <summary>An id for a tool call the upstream gave none (legacy <c>function_call</c>, lax servers).</summary>
    internal static string NewToolCallId() => "call_" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>Writes <c>data:&lt;mediaType&gt;;base64,&lt;data&gt;</c> as one JSON string without concatenating.</summary>
    private static void WriteDataUri(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, string mediaType, string data)
    {
        writer.WritePropertyName(propertyName);
        writer.WriteStringValueSegment("data:", isFinalSegment: false);
        writer.WriteStringValueSegment(mediaType, isFinalSegment: false);
        writer.WriteStringValueSegment(";base64,", isFinalSegment: false);
        writer.WriteStringValueSegment(data, isFinalSegment: true);
    }

    internal static ReadOnlySpan<byte> FinishReasonFor(StopReason reason) => reason switch
    {
        StopReason.MaxTokens => "length"u8,
        StopReason.ToolUse => "tool_calls"u8,
        StopReason.Refusal => "content_filter"u8,
        _ => "stop"u8,
    };

    /// <summary>Reads a <c>finish_reason</c> value (the reader is on the property name). Null for JSON null.</summary>
    internal static StopReason? ReadFinishReason(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        if (reader.ValueTextEquals("length"u8))
        {
            return StopReason.MaxTokens;
        }

        if (reader.ValueTextEquals("tool_calls"u8) || reader.ValueTextEquals("function_call"u8))
        {
            return StopReason.ToolUse;
        }

        return reader.ValueTextEquals("content_filter"u8) ? StopReason.Refusal : StopReason.EndTurn;
    }

    /// <summary>Reads a <c>usage</c> object (the reader is on its start).</summary>
    internal static TokenUsage ReadUsage(ref Utf8JsonReader reader)
    {
        long input = 0, output = 0, cached = 0, reasoning = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                input = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                output = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                cached = ReadNestedInt64(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reasoning = ReadNestedInt64(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new TokenUsage(input, output, cached, reasoning);
    }

    /// <summary>
    /// Reads an upstream <c>error</c> value (the reader is on its start): an object with <c>message</c> and
    /// <c>code</c>/<c>type</c>, or a bare string. Status 502 unless a numeric code in 400-599 says otherwise
    /// (or the code is <c>context_length_exceeded</c>: 400).
    /// </summary>
    internal static GatewayError ReadError(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new GatewayError(502, "upstream_error", reader.GetString() ?? string.Empty);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return new GatewayError(502, "upstream_error", "The upstream reported an error.");
        }

        string? message = null, code = null, type = null, param = null;
        var status = 502;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                message = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                type = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("param"u8))
            {
                param = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    code = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) && number is >= 400 and <= 599)
                {
                    status = number;
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        code ??= type ?? "upstream_error";
        if (code == GatewayError.ContextLengthExceeded && status == 502)
        {
            // A request fault, not an upstream failure: it must not cool the credential down.
            status = 400;
        }

        return new GatewayError(status, code, message ?? "The upstream reported an error.", param);
    }

    internal static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, usage.Input);
        writer.WriteNumber("completion_tokens"u8, usage.Output);
        writer.WriteNumber("total_tokens"u8, usage.Total);
        writer.WriteStartObject("prompt_tokens_details"u8);
        writer.WriteNumber("cached_tokens"u8, usage.Cached);
        writer.WriteEndObject();
        writer.WriteStartObject("completion_tokens_details"u8);
        writer.WriteNumber("reasoning_tokens"u8, usage.Reasoning);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Reads the value after a property name: its text when it is a string, otherwise null.</summary>
    internal static string? ReadOptionalString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>The next value as a count (0 when it is not an integer); shared by the usage readers.</summary>
    internal static long ReadInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        reader.Skip();
        return 0;
    }

    /// <summary>The count <paramref name="name"/> inside the next object value (0 when absent).</summary>
    internal static long ReadNestedInt64(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return 0;
        }

        long value = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                value = ReadInt64(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return value;
    }
}
