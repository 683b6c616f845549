using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// One <c>GenerateContentResponse</c> (a whole body, or one chunk of a stream) read in a single forward pass: the
/// first candidate's text, thought and function-call parts in order, its finish reason, usage, ids, a prompt block
/// and an error. Parts of other kinds (inline data, code execution) are skipped. Reused across a stream's chunks.
/// </summary>
internal sealed class GeminiChunk
{
    public enum PartKind
    {
        Text,
        Thought,
        FunctionCall,
    }

    public List<Part> Parts { get; } = [];

    public bool HasCandidate { get; private set; }

    public GeminiFinish Finish { get; private set; }

    public TokenUsage? Usage { get; private set; }

    public string? ResponseId { get; private set; }

    public string? ModelVersion { get; private set; }

    /// <summary><c>promptFeedback.blockReason</c>: the prompt itself was blocked.</summary>
    public string? BlockReason { get; private set; }

    public GatewayError? Error { get; private set; }

    /// <summary>
    /// Reads <paramref name="json"/>, replacing what an earlier call read; <see cref="ResponseId"/> and
    /// <see cref="ModelVersion"/> only with <paramref name="readIds"/> (a stream needs them once). Throws
    /// <see cref="JsonException"/> on malformed JSON.
    /// </summary>
    public void Read(ReadOnlySpan<byte> json, bool readIds = true)
    {
        Parts.Clear();
        HasCandidate = false;
        Finish = GeminiFinish.None;
        Usage = null;
        ResponseId = ModelVersion = BlockReason = null;
        Error = null;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A GenerateContentResponse must be a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("candidates"u8))
            {
                reader.Read();
                ReadCandidates(ref reader, json);
            }
            else if (reader.ValueTextEquals("usageMetadata"u8))
            {
                reader.Read();
                Usage = GeminiUsage.Read(ref reader);
            }
            else if (readIds && reader.ValueTextEquals("responseId"u8))
            {
                ResponseId = ReadString(ref reader);
            }
            else if (readIds && reader.ValueTextEquals("modelVersion"u8))
            {
                ModelVersion = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("promptFeedback"u8))
            {
                reader.Read();
                BlockReason = ReadMember(ref reader, "blockReason"u8);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                Error = GeminiErrors.Read(ref reader, 502);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void ReadCandidates(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (HasCandidate || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            HasCandidate = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    ReadContent(ref reader, json);
                }
                else if (reader.ValueTextEquals("finishReason"u8))
                {
                    Finish = GeminiCodec.ReadFinishReason(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private void ReadContent(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isParts = reader.ValueTextEquals("parts"u8);
            reader.Read();
            if (!isParts || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                ReadPart(ref reader, json);
            }
        }
    }

    private void ReadPart(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        var part = default(Part);
        bool thought = false, known = false, other = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                part.Text = ReadString(ref reader);
                known |= part.Text is not null;
            }
            else if (reader.ValueTextEquals("thought"u8))
            {
                reader.Read();
                thought = reader.TokenType == JsonTokenType.True;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("thoughtSignature"u8))
            {
                part.Signature = ReadString(ref reader);
                known |= part.Signature is not null;
            }
            else if (reader.ValueTextEquals("functionCall"u8))
            {
                reader.Read();
                ReadFunctionCall(ref reader, json, ref part);
                part.Kind = PartKind.FunctionCall;
                known = true;
            }
            else
            {
                // inlineData, fileData, executableCode, codeExecutionResult: no canonical counterpart; metadata: ignored.
                other |= reader.ValueTextEquals("inlineData"u8) || reader.ValueTextEquals("fileData"u8)
                    || reader.ValueTextEquals("executableCode"u8) || reader.ValueTextEquals("codeExecutionResult"u8)
                    || reader.ValueTextEquals("functionResponse"u8);
                reader.Read();
                reader.Skip();
            }
        }

        if (!known || (other && part.Kind != PartKind.FunctionCall))
        {
            return;
        }

        if (part.Kind != PartKind.FunctionCall)
        {
            part.Kind = thought ? PartKind.Thought : PartKind.Text;
            part.Text ??= "";
        }

        Parts.Add(part);
    }

    private static void ReadFunctionCall(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref Part part)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                part.CallId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                part.Name = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("args"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                part.Arguments = Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
            }
            else if (reader.ValueTextEquals("thoughtSignature"u8))
            {
                // Where some Gemini 2.x answers put it.
                part.Signature ??= ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>A string member of the object the reader is on; the object is consumed.</summary>
    private static string? ReadMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                value = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return value;
    }

    /// <summary>Reads the next value as a string; null for null or any other kind (skipped).</summary>
    internal static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>One part: text or thought text (with its signature), or a function call (args as JSON text).</summary>
    public struct Part
    {
        public PartKind Kind;
        public string? Text;
        public string? Signature;
        public string? CallId;
        public string? Name;
        public string? Arguments;
    }
}
