using System.Buffers;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Responses;

/// <summary>Canonical → an upstream <c>/responses</c> body (clients of other formats).</summary>
internal static partial class ResponsesCodec
{
    /// <summary>
    /// Writes the upstream body, always stateless (<c>store: false</c>). Reasoning goes as <c>reasoning.effort</c>
    /// (a thinking budget → its effort) with <c>summary: auto</c>, so that the answer's reasoning can be shown (its
    /// encrypted content is not asked for: only a Responses client, served by pass-through, could send it back). What Responses cannot honour is a 400 naming the
    /// parameter: stop sequences, <c>top_k</c>, another provider's built-in tools and foreign top-level fields
    /// (except <c>context_management</c> and <c>output_config.task_budget</c>, left out as for every target, and Chat
    /// Completions' <c>verbosity</c>, which becomes <c>text.verbosity</c>).
    /// </summary>
    public static void EncodeRequest(CanonicalRequest request, string upstreamModel, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var fromResponses = request.Source == WireFormat.OpenAIResponses;
        CheckRequest(request, fromResponses);

        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("model"u8, upstreamModel);
        WriteInput(writer, request.Messages);
        WriteTools(writer, request, fromResponses);
        if (request.MaxTokens is { } maxTokens)
        {
            writer.WriteNumber("max_output_tokens"u8, maxTokens);
        }

        if (request.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (request.TopP is { } topP)
        {
            writer.WriteNumber("top_p"u8, topP);
        }

        WriteText(writer, request, fromResponses);
        WriteReasoning(writer, request.Reasoning);
        if (request.User is { } user)
        {
            writer.WriteString("user"u8, user);
        }

        writer.WriteBoolean("store"u8, false);

        if (request.Stream)
        {
            writer.WriteBoolean("stream"u8, true);
        }

        if (fromResponses)
        {
            foreach (var (name, value) in request.Extensions)
            {
                if (!name.StartsWith("text.", StringComparison.Ordinal))
                {
                    writer.WritePropertyName(name);
                    JsonRaw.Write(writer, value);
                }
            }
        }

        writer.WriteEndObject();
    }

    private static void CheckRequest(CanonicalRequest request, bool fromResponses)
    {
        if (request.StopSequences.Count > 0)
        {
            throw Unsupported(StopParam(request.Source), "the Responses API has no stop sequences");
        }

        if (request.TopK is not null)
        {
            throw Unsupported(request.Source == WireFormat.Gemini ? "generationConfig.topK" : "top_k", "the Responses API has no top_k");
        }

        if (!fromResponses)
        {
            foreach (var name in request.Extensions.Keys)
            {
                if (name is not "context_management" and not "output_config.task_budget" and not "verbosity")
                {
                    throw Unsupported(name, "it has no equivalent in the Responses API");
                }
            }
        }

        for (var k = 0; k < request.Tools.Count; k++)
        {
            if (request.Tools[k].BuiltInType is { } type && (!fromResponses || request.Tools[k].Raw is null))
            {
                throw Unsupported(Path("tools", k), $"'{type}' is a built-in tool that only its own provider can run");
            }
        }
    }

    private static string StopParam(WireFormat source) => source switch
    {
        WireFormat.AnthropicMessages => "stop_sequences",
        WireFormat.Gemini => "generationConfig.stopSequences",
        _ => "stop",
    };

    private static void WriteTools(Utf8JsonWriter writer, CanonicalRequest request, bool fromResponses)
    {
        if (request.Tools.Count > 0)
        {
            writer.WriteStartArray("tools"u8);
            foreach (var tool in request.Tools)
            {
                if (tool is { BuiltInType: not null, Raw: { } raw })
                {
                    JsonRaw.Write(writer, raw);
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString("type"u8, "function"u8);
                writer.WriteString("name"u8, tool.Name);
                if (tool.Description is { } description)
                {
                    writer.WriteString("description"u8, description);
                }

                writer.WritePropertyName("parameters"u8);
                if (tool.HasObjectParameters)
                {
                    JsonRaw.Write(writer, tool.ParametersUtf8.Span);
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "object"u8);
                    writer.WriteStartObject("properties"u8);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                // Responses makes function tools strict unless told otherwise; other formats' tools are not strict.
                writer.WriteBoolean("strict"u8, tool.Strict ?? false);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        // A Responses client's own choice of a built-in tool is an extension, written with the others.
        if (fromResponses && request.Extensions.ContainsKey("tool_choice"))
        {
            return;
        }

        switch (request.ToolChoice)
        {
            case null:
                break;
            case { Mode: ToolChoiceMode.Tool, Name: { } name }:
                writer.WriteStartObject("tool_choice"u8);
                writer.WriteString("type"u8, "function"u8);
                writer.WriteString("name"u8, name);
                writer.WriteEndObject();
                break;
            case { Mode: var mode }:
                writer.WriteString("tool_choice"u8, mode switch
                {
                    ToolChoiceMode.None => "none"u8,
                    ToolChoiceMode.Required => "required"u8,
                    _ => "auto"u8,
                });
                break;
        }

        if (request.ParallelToolCalls is { } parallel)
        {
            writer.WriteBoolean("parallel_tool_calls"u8, parallel);
        }
    }

    /// <summary><c>text.format</c> from the response format, and <c>text.verbosity</c> (a Responses client's, or Chat's <c>verbosity</c>).</summary>
    private static void WriteText(Utf8JsonWriter writer, CanonicalRequest request, bool fromResponses)
    {
        var format = request.ResponseFormat;
        var verbosity = request.Extensions.TryGetValue(fromResponses ? "text.verbosity" : "verbosity", out var value) ? value : (JsonElement?)null;
        if (format is null && verbosity is null && !fromResponses)
        {
            return;
        }

        var started = false;
        if (format is not null)
        {
            Begin(writer, ref started);
            writer.WriteStartObject("format"u8);
            switch (format.Kind)
            {
                case ResponseFormatKind.JsonObject:
                    writer.WriteString("type"u8, "json_object"u8);
                    break;
                case ResponseFormatKind.JsonSchema:
                    writer.WriteString("type"u8, "json_schema"u8);
                    writer.WriteString("name"u8, format.Name ?? "response");
                    if (format.Description is { } description)
                    {
                        writer.WriteString("description"u8, description);
                    }

                    writer.WritePropertyName("schema"u8);
                    if (format.Schema is { } schema)
                    {
                        JsonRaw.Write(writer, schema);
                    }
                    else
                    {
                        writer.WriteStartObject();
                        writer.WriteString("type"u8, "object"u8);
                        writer.WriteEndObject();
                    }

                    if (format.Strict is { } strict)
                    {
                        writer.WriteBoolean("strict"u8, strict);
                    }

                    break;
                default:
                    writer.WriteString("type"u8, "text"u8);
                    break;
            }

            writer.WriteEndObject();
        }

        if (fromResponses)
        {
            foreach (var (name, member) in request.Extensions)
            {
                if (name.StartsWith("text.", StringComparison.Ordinal))
                {
                    Begin(writer, ref started);
                    writer.WritePropertyName(name.AsSpan("text.".Length));
                    JsonRaw.Write(writer, member);
                }
            }
        }
        else if (verbosity is { } chatVerbosity)
        {
            Begin(writer, ref started);
            writer.WritePropertyName("verbosity"u8);
            JsonRaw.Write(writer, chatVerbosity);
        }

        if (started)
        {
            writer.WriteEndObject();
        }

        static void Begin(Utf8JsonWriter writer, ref bool started)
        {
            if (!started)
            {
                writer.WriteStartObject("text"u8);
                started = true;
            }
        }
    }

    /// <summary>
    /// <c>reasoning{effort, summary: auto}</c>: an effort as given (<c>max</c> → <c>xhigh</c>), a budget's effort, or
    /// none for adaptive thinking (the model's default). Disabled or absent reasoning writes nothing.
    /// </summary>
    private static void WriteReasoning(Utf8JsonWriter writer, ReasoningConfig? reasoning)
    {
        if (reasoning is null || reasoning.Disabled || reasoning.Effort == "none")
        {
            return;
        }

        var effort = reasoning.Effort is { } given ? given
            : reasoning.BudgetTokens is { } budget ? ReasoningMapping.EffortFor(budget)
            : null;
        if (effort is null && !reasoning.Adaptive)
        {
            return;
        }

        writer.WriteStartObject("reasoning"u8);
        if (effort is not null)
        {
            writer.WriteString("effort"u8, effort == "max" ? "xhigh" : effort);
        }

        writer.WriteString("summary"u8, "auto"u8);
        writer.WriteEndObject();
    }
}
