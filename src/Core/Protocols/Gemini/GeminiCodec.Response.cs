using System.Buffers;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Gemini;

/// <summary>An upstream's GenerateContentResponse → canonical, and canonical → a client's GenerateContentResponse.</summary>
internal static partial class GeminiCodec
{
    /// <summary>
    /// Reads the first candidate's parts in order: text, thoughts (reasoning, Origin Gemini) and function calls (an id
    /// made up by <see cref="SyntheticCallId"/> when Gemini gave none); each part keeps its <c>thoughtSignature</c>.
    /// A prompt blocked with no candidate is a refusal with no content; MALFORMED_FUNCTION_CALL is a 502
    /// (<c>upstream_malformed_function_call</c>); an error body throws that error; a body that is not a response, a 502.
    /// </summary>
    public static CanonicalResponse DecodeResponse(ReadOnlySpan<byte> json)
    {
        var chunk = new GeminiChunk();
        try
        {
            chunk.Read(json);
        }
        catch (JsonException)
        {
            throw InvalidResponse();
        }

        if (chunk.Error is { } error)
        {
            throw new GatewayErrorException(error);
        }

        if (chunk.Finish == GeminiFinish.MalformedFunctionCall)
        {
            throw new GatewayErrorException(MalformedFunctionCall());
        }

        if (!chunk.HasCandidate && chunk.BlockReason is null && chunk.Usage is null && chunk.ResponseId is null)
        {
            throw InvalidResponse();
        }

        var response = new CanonicalResponse
        {
            Id = chunk.ResponseId ?? NewResponseId(),
            Model = chunk.ModelVersion ?? "",
            Origin = WireFormat.Gemini,
            Usage = chunk.Usage ?? default,
        };
        string? token = null;
        var calls = 0;
        foreach (var part in chunk.Parts)
        {
            switch (part.Kind)
            {
                case GeminiChunk.PartKind.FunctionCall:
                    var id = part.CallId ?? SyntheticCallId(token ??= CallIdToken(chunk.ResponseId), calls);
                    response.Content.Add(new ToolCallPart(id, part.Name ?? "", part.Arguments ?? "{}") { ThoughtSignature = part.Signature });
                    calls++;
                    break;
                case GeminiChunk.PartKind.Thought when part.Text!.Length > 0 || part.Signature is not null:
                    response.Content.Add(new ReasoningPart(part.Text!) { Origin = WireFormat.Gemini, ThoughtSignature = part.Signature });
                    break;
                case GeminiChunk.PartKind.Text when part.Text!.Length > 0 || part.Signature is not null:
                    response.Content.Add(new TextPart(part.Text) { ThoughtSignature = part.Signature });
                    break;
            }
        }

        response.StopReason = !chunk.HasCandidate && chunk.BlockReason is not null
            ? StopReason.Refusal
            : StopReasonFor(chunk.Finish, calls > 0);
        return response;
    }

    /// <summary>
    /// Writes <c>{"candidates":[{"content":{"parts":[...],"role":"model"},"finishReason","index":0}],"usageMetadata",
    /// "modelVersion","responseId"}</c>. Function calls carry their id (so the client can echo it) and thoughts come
    /// as <c>thought: true</c> text; a <c>thoughtSignature</c> goes out only where Gemini put one (never Anthropic's
    /// signatures); redacted reasoning has no Gemini form and is left out.
    /// </summary>
    public static void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteStartArray("candidates"u8);
        writer.WriteStartObject();
        writer.WriteStartObject("content"u8);
        writer.WriteStartArray("parts"u8);
        foreach (var part in response.Content)
        {
            switch (part)
            {
                case TextPart text:
                    WriteTextPart(writer, text.Text, thought: false, text.ThoughtSignature);
                    break;
                case ReasoningPart { RedactedData: null } reasoning:
                    WriteTextPart(writer, reasoning.Text, thought: true, reasoning.ThoughtSignature);
                    break;
                case ToolCallPart call:
                    if (!TryWriteFunctionCallPart(writer, call.Id, call.Name, call.Arguments, call.ThoughtSignature))
                    {
                        throw new GatewayErrorException(InvalidToolArguments(call.Name));
                    }

                    break;
            }
        }

        writer.WriteEndArray();
        writer.WriteString("role"u8, "model"u8);
        writer.WriteEndObject();
        writer.WriteString("finishReason"u8, FinishReasonName(response.StopReason));
        writer.WriteNumber("index"u8, 0);
        writer.WriteEndObject();
        writer.WriteEndArray();
        GeminiUsage.Write(writer, response.Usage);
        writer.WriteString("modelVersion"u8, response.Model);
        writer.WriteString("responseId"u8, response.Id);
        writer.WriteEndObject();
    }

    /// <summary>A response part <c>{"text", "thought"?, "thoughtSignature"?}</c>.</summary>
    internal static void WriteTextPart(Utf8JsonWriter writer, string text, bool thought, string? signature)
    {
        writer.WriteStartObject();
        writer.WriteString("text"u8, text);
        if (thought)
        {
            writer.WriteBoolean("thought"u8, true);
        }

        WriteSignature(writer, signature);
        writer.WriteEndObject();
    }

    /// <summary>A response part <c>{"functionCall":{"id","name","args"},"thoughtSignature"?}</c>; false (nothing usable) when the arguments are not an object.</summary>
    internal static bool TryWriteFunctionCallPart(Utf8JsonWriter writer, string id, string name, string arguments, string? signature)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("functionCall"u8);
        writer.WriteString("id"u8, id);
        writer.WriteString("name"u8, name);
        writer.WritePropertyName("args"u8);
        if (!JsonObjects.TryWrite(writer, arguments))
        {
            return false;
        }

        writer.WriteEndObject();
        WriteSignature(writer, signature);
        writer.WriteEndObject();
        return true;
    }

    internal static GatewayError InvalidToolArguments(string name) =>
        new(502, "upstream_invalid_tool_arguments", $"The upstream model produced arguments for tool '{name}' that are not a JSON object.");

    private static GatewayErrorException InvalidResponse() =>
        new(new GatewayError(502, "upstream_invalid_response", "The Gemini upstream answered with a body that is not a GenerateContentResponse."));
}
