using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Gemini;

/// <summary>Canonical → an upstream generateContent body: tools, toolConfig, generationConfig, extensions.</summary>
internal static partial class GeminiCodec
{
    /// <summary>
    /// Writes the upstream body (the model goes in the URL). What Gemini cannot honour is a 400 naming the parameter
    /// (thrown as a <see cref="Http.GatewayErrorException"/>; <paramref name="output"/> then holds a partial body to
    /// discard): built-in tools of another provider and foreign top-level fields, except <c>context_management</c>
    /// and <c>output_config.task_budget</c> (left out: the whole context is sent, the model stops at its limit) and
    /// OpenAI's <c>seed</c>, <c>presence_penalty</c>, <c>frequency_penalty</c> (Gemini has them). <c>user</c> and
    /// <c>parallel_tool_calls: false</c> have no Gemini equivalent and are left out.
    /// </summary>
    public static void EncodeRequest(CanonicalRequest request, GeminiEncodeOptions options, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var fromGemini = request.Source == WireFormat.Gemini;
        if (!fromGemini)
        {
            CheckExtensions(request);
        }

        CheckTools(request, fromGemini);
        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        WriteContents(writer, request, fromGemini ? null : options.UnsignedCallSignature);
        WriteSystemInstruction(writer, request);
        var declarations = WriteTools(writer, request);
        WriteToolConfig(writer, request, declarations, fromGemini);
        WriteGenerationConfig(writer, request, options, fromGemini);
        if (fromGemini)
        {
            foreach (var (name, value) in request.Extensions)
            {
                if (!name.StartsWith(GenerationConfigPrefix, StringComparison.Ordinal) && !name.StartsWith(ToolConfigPrefix, StringComparison.Ordinal))
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>The generationConfig member an OpenAI client's knob maps to; null when it has none.</summary>
    private static string? MappedExtension(string name) => name switch
    {
        "seed" => "seed",
        "presence_penalty" => "presencePenalty",
        "frequency_penalty" => "frequencyPenalty",
        _ => null,
    };

    private static void CheckExtensions(CanonicalRequest request)
    {
        foreach (var name in request.Extensions.Keys)
        {
            if (name is not "context_management" and not "output_config.task_budget" && MappedExtension(name) is null)
            {
                throw Unsupported(name, "it has no equivalent in the Gemini API");
            }
        }
    }

    private static void CheckTools(CanonicalRequest request, bool fromGemini)
    {
        var tools = request.Tools;
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i].BuiltInType is { } type && (!fromGemini || tools[i].Raw is null))
            {
                throw Unsupported(Path("tools", i), $"'{type}' is a built-in tool that only its own provider can run");
            }
        }
    }

    private static void WriteSystemInstruction(Utf8JsonWriter writer, CanonicalRequest request)
    {
        var messages = request.Messages;
        var started = false;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Role is not (ChatRole.System or ChatRole.Developer))
            {
                continue;
            }

            foreach (var part in messages[i].Parts)
            {
                var text = part switch
                {
                    TextPart plain => plain.Text,
                    DocumentPart { Text: { } document } => document,
                    _ => throw Unsupported(Path("messages", i) + ".content", "a system message can hold only text"),
                };
                if (text.Length == 0)
                {
                    continue;
                }

                if (!started)
                {
                    writer.WriteStartObject("systemInstruction"u8);
                    writer.WriteStartArray("parts"u8);
                    started = true;
                }

                writer.WriteStartObject();
                writer.WriteString("text"u8, text);
                writer.WriteEndObject();
            }
        }

        if (started)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    /// <summary>All functions in one <c>functionDeclarations</c> tool, then each built-in tool; true when any function.</summary>
    private static bool WriteTools(Utf8JsonWriter writer, CanonicalRequest request)
    {
        var tools = request.Tools;
        if (tools.Count == 0)
        {
            return false;
        }

        writer.WriteStartArray("tools"u8);
        var declarations = false;
        foreach (var tool in tools)
        {
            if (tool.BuiltInType is not null)
            {
                continue;
            }

            if (!declarations)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("functionDeclarations"u8);
                declarations = true;
            }

            writer.WriteStartObject();
            writer.WriteString("name"u8, tool.Name);
            if (tool.Description is { } description)
            {
                writer.WriteString("description"u8, description);
            }

            GeminiSchema.WriteParameters(writer, tool.ParametersUtf8.Span);

            writer.WriteEndObject();
        }

        if (declarations)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        foreach (var tool in tools)
        {
            if (tool is { BuiltInType: { } type, Raw: { } raw })
            {
                writer.WriteStartObject();
                writer.WritePropertyName(type);
                raw.WriteTo(writer);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        return declarations;
    }

    /// <summary>A schema's UTF-8 text (empty when absent) for the byte sanitiser.</summary>
    private static ReadOnlySpan<byte> SchemaUtf8(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Undefined ? default : JsonMarshal.GetRawUtf8Value(schema);

    /// <summary>
    /// <c>functionCallingConfig</c> (only with functions): auto → AUTO, none → NONE, required → ANY, a named tool →
    /// ANY with <c>allowedFunctionNames</c>. A Gemini client's other <c>toolConfig</c> members go back as they came.
    /// </summary>
    private static void WriteToolConfig(Utf8JsonWriter writer, CanonicalRequest request, bool declarations, bool fromGemini)
    {
        var started = false;
        if (declarations && request.ToolChoice is { } choice)
        {
            Begin(writer, "toolConfig"u8, ref started);
            writer.WriteStartObject("functionCallingConfig"u8);
            writer.WriteString("mode"u8, choice.Mode switch
            {
                ToolChoiceMode.None => "NONE"u8,
                ToolChoiceMode.Required or ToolChoiceMode.Tool => "ANY"u8,
                _ => "AUTO"u8,
            });
            if (choice is { Mode: ToolChoiceMode.Tool, Name: { } name })
            {
                writer.WriteStartArray("allowedFunctionNames"u8);
                writer.WriteStringValue(name);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        if (fromGemini)
        {
            WritePrefixed(writer, request, ToolConfigPrefix, "toolConfig"u8, ref started);
        }

        if (started)
        {
            writer.WriteEndObject();
        }
    }
}
