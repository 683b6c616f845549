using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

internal static partial class OpenAIChatCodec
{
    /// <summary>
    /// A client's Chat Completions request → canonical, in one <see cref="Utf8JsonReader"/> pass over the body.
    /// Throws a 400 naming the parameter on invalid input (<c>invalid_json</c> when the body is not well-formed JSON).
    /// Fields without a canonical place go to <see cref="CanonicalRequest.Extensions"/> verbatim, except OpenAI-only
    /// knobs at their defaults (and <c>store</c>, <c>metadata</c>, <c>service_tier</c>, <c>stream_options</c>,
    /// <c>prompt_cache_key</c>, <c>safety_identifier</c>: storage, billing, caching and abuse-tracking hints),
    /// which mean nothing elsewhere and are dropped. JSON values kept (schemas, extensions) are copies: the
    /// request does not point into <paramref name="body"/>.
    /// </summary>
    public static CanonicalRequest DecodeRequest(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            return DecodeRequest(ref reader, body);
        }
        catch (JsonException ex)
        {
            throw JsonBody.Invalid(ex);
        }
    }

    /// <summary><see cref="DecodeRequest(ReadOnlySpan{byte})"/> of a parsed document's text, for callers that hold a document.</summary>
    public static CanonicalRequest DecodeRequest(JsonElement root) => DecodeRequest(JsonMarshal.GetRawUtf8Value(root));

    /// <summary>
    /// The model is checked first, then each property in the order it came, then that there were messages; the
    /// first error of a property is kept while the rest of the body is read for the model (and for malformed JSON,
    /// which wins over everything).
    /// </summary>
    private static CanonicalRequest DecodeRequest(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            reader.Read();
            throw Invalid("The request body must be a JSON object.", null, "invalid_request");
        }

        var request = new CanonicalRequest { Source = WireFormat.OpenAIChat, Model = string.Empty };
        var state = new RequestState();
        JsonSlice model = default;
        Exception? failure = null;
        Span<byte> buffer = stackalloc byte[NameBufferLength];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> name = reader.ValueIsEscaped ? buffer[..Unescape(ref reader, buffer)] : reader.ValueSpan;
            var field = RequestFieldOf(name);

            // A field without a canonical place keeps its name (names too long for the buffer are read again).
            string? otherName = null;
            if (field == RequestField.Other && failure is null)
            {
                try
                {
                    otherName = name.IsEmpty ? reader.GetString() : Utf8Text.Decode(name);
                }
                catch (InvalidOperationException ex)
                {
                    failure = ex;
                }
            }

            reader.Read();
            if (field == RequestField.Model)
            {
                model = JsonSlice.At(ref reader);
            }
            else if (failure is null)
            {
                var depth = reader.CurrentDepth;
                try
                {
                    DecodeProperty(ref reader, body, field, otherName, request, ref state);
                }
                catch (Exception ex) when (IsDeferrable(ex))
                {
                    failure = ex;
                    FinishValue(ref reader, depth);
                }
            }

            reader.Skip();
        }

        // Past the end: anything but whitespace after the object is malformed JSON.
        reader.Read();
        if (model.TokenType != JsonTokenType.String || model.GetString(body) is not { Length: > 0 } modelName)
        {
            throw Invalid("You must provide a model parameter.", "model", "missing_required_parameter");
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        if (!state.SawMessages)
        {
            throw Invalid("Missing required parameter: 'messages' (an array of messages).", "messages", "missing_required_parameter");
        }

        request.Model = modelName;
        request.MaxTokens = state.MaxCompletionTokens ?? state.MaxTokens;
        if (state.Values is { } values)
        {
            ApplyJsonValues(request, values.Parse(body), state.Fixups!);
        }

        return request;
    }

    /// <summary>Decodes one top-level property; the reader is on its value and ends on the value's last token.</summary>
    private static void DecodeProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, RequestField field, string? otherName, CanonicalRequest request, ref RequestState state)
    {
        switch (field)
        {
            case RequestField.Messages:
                DecodeMessages(ref reader, body, request.Messages);
                state.SawMessages = true;
                break;
            case RequestField.Tools:
                DecodeTools(ref reader, body, request.Tools, ref state);
                break;
            case RequestField.ToolChoice:
                request.ToolChoice = DecodeToolChoice(ref reader, body);
                break;
            case RequestField.ParallelToolCalls:
                request.ParallelToolCalls = OptionalBool(reader.TokenType, "parallel_tool_calls");
                break;
            case RequestField.MaxCompletionTokens:
                state.MaxCompletionTokens = OptionalPositiveInt(ref reader, "max_completion_tokens");
                break;
            case RequestField.MaxTokens:
                state.MaxTokens = OptionalPositiveInt(ref reader, "max_tokens");
                break;
            case RequestField.Temperature:
                request.Temperature = OptionalNumber(ref reader, "temperature");
                break;
            case RequestField.TopP:
                request.TopP = OptionalNumber(ref reader, "top_p");
                break;
            case RequestField.Stop:
                DecodeStop(ref reader, request.StopSequences);
                break;
            case RequestField.ReasoningEffort:
                request.Reasoning = DecodeReasoningEffort(ref reader);
                break;
            case RequestField.ResponseFormat:
                request.ResponseFormat = DecodeResponseFormat(ref reader, body, ref state);
                break;
            case RequestField.User:
                request.User = OptionalString(JsonSlice.At(ref reader), body, "user");
                break;
            case RequestField.Stream:
                request.Stream = OptionalBool(reader.TokenType, "stream") ?? false;
                break;
            case RequestField.StreamOptions:
                request.IncludeUsage = DecodeIncludeUsage(ref reader);
                break;
            case RequestField.Dropped:
                break;
            case RequestField.N:
                ExtendUnless(request, "n", ref reader, ref state, IsNullOrNumber(ref reader, 1));
                break;
            case RequestField.Logprobs:
                ExtendUnless(request, "logprobs", ref reader, ref state, reader.TokenType is JsonTokenType.Null or JsonTokenType.False);
                break;
            case RequestField.PresencePenalty:
                ExtendUnless(request, "presence_penalty", ref reader, ref state, IsNullOrNumber(ref reader, 0));
                break;
            case RequestField.FrequencyPenalty:
                ExtendUnless(request, "frequency_penalty", ref reader, ref state, IsNullOrNumber(ref reader, 0));
                break;
            case RequestField.Modalities:
                ExtendUnless(request, "modalities", ref reader, ref state, IsNullOrTextOnly(reader));
                break;
            case RequestField.LogitBias:
                ExtendUnless(request, "logit_bias", ref reader, ref state, reader.TokenType == JsonTokenType.Null || IsEmptyObject(reader));
                break;
            case RequestField.TopLogprobs:
                ExtendUnless(request, "top_logprobs", ref reader, ref state, reader.TokenType == JsonTokenType.Null);
                break;
            case RequestField.Seed:
                ExtendUnless(request, "seed", ref reader, ref state, reader.TokenType == JsonTokenType.Null);
                break;
            case RequestField.Audio:
                ExtendUnless(request, "audio", ref reader, ref state, reader.TokenType == JsonTokenType.Null);
                break;
            case RequestField.Prediction:
                ExtendUnless(request, "prediction", ref reader, ref state, reader.TokenType == JsonTokenType.Null);
                break;
            case RequestField.WebSearchOptions:
                ExtendUnless(request, "web_search_options", ref reader, ref state, reader.TokenType == JsonTokenType.Null);
                break;
            default:
                ExtendUnless(request, otherName!, ref reader, ref state, isDefault: false);
                break;
        }
    }

    /// <summary>Keeps the value (the reader is on it) as an extension unless it is the parameter's default.</summary>
    private static void ExtendUnless(CanonicalRequest request, string name, ref Utf8JsonReader reader, ref RequestState state, bool isDefault)
    {
        if (!isDefault)
        {
            // In place now (extensions keep the order they came in), its value once the values are parsed.
            request.Extensions[name] = default;
            state.Keep(ref reader, new JsonValueUse(JsonValueUse.Extension, Name: name));
        }
    }

    private static bool IsNullOrNumber(ref Utf8JsonReader value, double number) =>
        value.TokenType == JsonTokenType.Null || (value.TokenType == JsonTokenType.Number && value.GetDouble() == number);

    /// <summary><c>null</c> or <c>["text"]</c> (looked at through a copy of the reader).</summary>
    private static bool IsNullOrTextOnly(Utf8JsonReader modalities)
    {
        if (modalities.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        return modalities.TokenType == JsonTokenType.StartArray
            && modalities.Read() && modalities.TokenType == JsonTokenType.String && modalities.ValueTextEquals("text"u8)
            && modalities.Read() && modalities.TokenType == JsonTokenType.EndArray;
    }

    /// <summary><c>{}</c> (looked at through a copy of the reader).</summary>
    private static bool IsEmptyObject(Utf8JsonReader value) =>
        value.TokenType == JsonTokenType.StartObject && value.Read() && value.TokenType == JsonTokenType.EndObject;
}
