using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// The request decoder reads the body once with a <see cref="Utf8JsonReader"/>. Its errors must be those of a
/// decoder that looks properties up by name (checks in a fixed order, the last of duplicate names winning), whatever
/// order the client wrote the properties in. So within an object, scalar values are kept as <see cref="JsonSlice"/>s
/// and checked once the object ends; arrays of a message whose meaning depends on the role are decoded as they come
/// when the role came first (as clients write it), their error kept for its turn, and read again otherwise.
/// </summary>
internal static partial class OpenAIChatCodec
{
    /// <summary>Room for the longest property name the decoder knows (<c>max_completion_tokens</c>).</summary>
    private const int NameBufferLength = 32;

    /// <summary>Decodes an array of a message into parts (the reader is on its start and ends on its end; <paramref name="body"/> is the reader's text).</summary>
    private delegate void PartsDecoder(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int i, PartsAllowed allowed, List<ContentPart> parts);

    /// <summary>
    /// Unescapes the name of the property the reader is on (which has escapes: rare) into <paramref name="buffer"/>;
    /// returns its length, 0 when it does not fit (no name the decoder knows is that long). Names without escapes
    /// are compared as they are (<see cref="Utf8JsonReader.ValueSpan"/>).
    /// </summary>
    private static int Unescape(ref Utf8JsonReader reader, scoped Span<byte> buffer)
    {
        if (reader.ValueSpan.Length <= buffer.Length)
        {
            return reader.CopyString(buffer);
        }

        var name = reader.GetString()!;
        return Encoding.UTF8.GetByteCount(name) <= buffer.Length ? Encoding.UTF8.GetBytes(name, buffer) : 0;
    }

    /// <summary>An error decoding a value that another check may have to win over; anything else is a bug or malformed JSON.</summary>
    private static bool IsDeferrable(Exception exception) => exception is GatewayErrorException or InvalidOperationException;

    /// <summary>After an error part-way through a value that starts at <paramref name="depth"/>, moves the reader to the value's last token.</summary>
    private static void FinishValue(ref Utf8JsonReader reader, int depth)
    {
        if (reader.CurrentDepth == depth && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.CurrentDepth > depth)
        {
            reader.Read();
        }
    }

    /// <summary>
    /// Keeps a message's array value (the last one of its name wins) and, when <paramref name="decodeAs"/> is known,
    /// decodes it now; an error is kept for when the message's checks reach that field.
    /// </summary>
    private static void ReadDeferred(ref Utf8JsonReader reader, ref DeferredParts field, PartsAllowed? decodeAs, ReadOnlySpan<byte> body, int i, PartsDecoder decoder)
    {
        field = new DeferredParts { Value = JsonSlice.At(ref reader) };
        if (decodeAs is not { } allowed || reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        field.DecodedAs = allowed;
        var depth = reader.CurrentDepth;
        try
        {
            var parts = new List<ContentPart>();
            decoder(ref reader, body, i, allowed, parts);
            field.Parts = parts;
        }
        catch (Exception ex) when (IsDeferrable(ex))
        {
            field.Error = ex;
            FinishValue(ref reader, depth);
        }
    }

    /// <summary>The parts of a kept array (its token type checked by the caller), decoded now unless it already was as <paramref name="allowed"/>.</summary>
    private static List<ContentPart> PartsOf(in DeferredParts field, ReadOnlySpan<byte> body, int i, PartsAllowed allowed, PartsDecoder decoder)
    {
        if (field.DecodedAs == allowed)
        {
            if (field.Error is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }

            return field.Parts!;
        }

        // Read again from the array's start: a reader over the rest of the body, which is valid JSON up to the array's end.
        var rest = body[field.Value.Start..];
        var reader = new Utf8JsonReader(rest);
        reader.Read();
        var parts = new List<ContentPart>();
        decoder(ref reader, rest, i, allowed, parts);
        return parts;
    }

    private static bool IsNullOrAbsent(JsonTokenType type) => type is JsonTokenType.None or JsonTokenType.Null;

    private static bool? OptionalBool(JsonTokenType type, ParamPath param) => type switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.None or JsonTokenType.Null => null,
        _ => throw InvalidType(param, "a boolean"),
    };

    private static string? OptionalString(JsonSlice value, ReadOnlySpan<byte> body, ParamPath param) => value.TokenType switch
    {
        JsonTokenType.String => value.GetString(body),
        JsonTokenType.None or JsonTokenType.Null => null,
        _ => throw InvalidType(param, "a string"),
    };

    private static double? OptionalNumber(ref Utf8JsonReader value, ParamPath param) => value.TokenType switch
    {
        JsonTokenType.Number => value.GetDouble(),
        JsonTokenType.Null => null,
        _ => throw InvalidType(param, "a number"),
    };

    private static int? OptionalPositiveInt(ref Utf8JsonReader value, ParamPath param)
    {
        if (value.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        return value.TokenType == JsonTokenType.Number && value.TryGetInt32(out var number) && number > 0
            ? number
            : throw Invalid($"Invalid value for '{param}': expected a positive integer.", param);
    }

    /// <summary>A message's array kept by <see cref="ReadDeferred"/>.</summary>
    private struct DeferredParts
    {
        /// <summary>Where the value starts; <see cref="JsonTokenType.None"/> when absent.</summary>
        public JsonSlice Value;

        /// <summary>How it was decoded as it came, if it was.</summary>
        public PartsAllowed? DecodedAs;

        public List<ContentPart>? Parts;

        public Exception? Error;
    }
}
