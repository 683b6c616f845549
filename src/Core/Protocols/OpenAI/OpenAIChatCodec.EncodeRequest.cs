using System.Buffers;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

internal static partial class OpenAIChatCodec
{
    /// <summary>
    /// Canonical → an upstream Chat Completions body for <paramref name="upstreamModel"/>. Throws a 400
    /// (<see cref="GatewayError.Unsupported"/>) for what an OpenAI-compatible upstream cannot honour: built-in tools
    /// of another provider and foreign top-level fields (<c>context_management</c> is left out: the whole context is
    /// sent instead). Reasoning parts and cache hints are not sent; streams always ask for usage.
    /// </summary>
    public static void EncodeRequest(CanonicalRequest request, string upstreamModel, OpenAIEncodeOptions options, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        CheckExtensions(request);
        CheckTools(request);

        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("model"u8, upstreamModel);
        WriteMessages(writer, request.Messages);
        if (request.Tools.Count > 0)
        {
            WriteTools(writer, request);
        }

        if (request.MaxTokens is { } maxTokens)
        {
            writer.WriteNumber(options.MaxTokensParameter, options.MaxOutputTokens is { } ceiling ? Math.Min(maxTokens, ceiling) : maxTokens);
        }

        WriteOptionalNumber(writer, "temperature"u8, request.Temperature);
        WriteOptionalNumber(writer, "top_p"u8, request.TopP);
        if (request.TopK is { } topK)
        {
            writer.WriteNumber("top_k"u8, topK);
        }

        if (request.StopSequences.Count > 0)
        {
            writer.WriteStartArray("stop"u8);
            foreach (var stop in request.StopSequences)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        if (ReasoningEffortFor(request) is { } effort)
        {
            writer.WriteString("reasoning_effort"u8, effort);
        }

        if (request.ResponseFormat is { } format)
        {
            WriteResponseFormat(writer, format);
        }

        if (request.User is { } user)
        {
            writer.WriteString("user"u8, user);
        }

        if (request.Extensions.TryGetValue(ResponsesVerbosity, out var verbosity))
        {
            writer.WritePropertyName("verbosity"u8);
            JsonRaw.Write(writer, verbosity);
        }

        if (request.Source == WireFormat.OpenAIChat)
        {
            foreach (var (name, value) in request.Extensions)
            {
                writer.WritePropertyName(name);
                JsonRaw.Write(writer, value);
            }
        }

        if (request.Stream)
        {
            writer.WriteBoolean("stream"u8, true);
            writer.WriteStartObject("stream_options"u8);
            writer.WriteBoolean("include_usage"u8, true);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>A Responses client's <c>text.verbosity</c>, which Chat Completions calls <c>verbosity</c>.</summary>
    private const string ResponsesVerbosity = "text.verbosity";

    /// <summary>Top-level fields of another format: documented droppable ones are left out, the rest rejected.</summary>
    private static void CheckExtensions(CanonicalRequest request)
    {
        if (request.Source == WireFormat.OpenAIChat)
        {
            return;
        }

        foreach (var name in request.Extensions.Keys)
        {
            // Server-side context editing and an advisory token budget: the whole context is sent, the model stops by max_tokens.
            if (name is not "context_management" and not "output_config.task_budget" and not ResponsesVerbosity)
            {
                throw new GatewayErrorException(GatewayError.Unsupported(name, UpstreamName, "it has no equivalent in the Chat Completions API"));
            }
        }
    }

    /// <summary>Another provider's built-in tools cannot run here; an OpenAI client's own go back verbatim.</summary>
    private static void CheckTools(CanonicalRequest request)
    {
        var tools = request.Tools;
        for (var k = 0; k < tools.Count; k++)
        {
            if (tools[k].BuiltInType is { } type && (request.Source != WireFormat.OpenAIChat || tools[k].Raw is null))
            {
                throw new GatewayErrorException(GatewayError.Unsupported(
                    $"tools[{k}]", UpstreamName, $"'{type}' is a built-in tool that only its own provider can run"));
            }
        }
    }

    private static void WriteTools(Utf8JsonWriter writer, CanonicalRequest request)
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
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, tool.Name);
            if (tool.Description is { } description)
            {
                writer.WriteString("description"u8, description);
            }

            if (!tool.ParametersUtf8.IsEmpty)
            {
                writer.WritePropertyName("parameters"u8);
                JsonRaw.Write(writer, tool.ParametersUtf8.Span);
            }

            if (tool.Strict is { } strict)
            {
                writer.WriteBoolean("strict"u8, strict);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        // OpenAI accepts tool_choice and parallel_tool_calls only together with tools.
        switch (request.ToolChoice)
        {
            case { Mode: ToolChoiceMode.Tool, Name: { } name }:
                writer.WriteStartObject("tool_choice"u8);
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, name);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case { Mode: var mode }:
                writer.WriteString("tool_choice"u8, mode switch
                {
                    ToolChoiceMode.None => "none"u8,
                    ToolChoiceMode.Required or ToolChoiceMode.Tool => "required"u8,
                    _ => "auto"u8,
                });
                break;
        }

        if (request.ParallelToolCalls is { } parallel)
        {
            writer.WriteBoolean("parallel_tool_calls"u8, parallel);
        }
    }

    /// <summary>
    /// An effort as given (<c>max</c> → <c>xhigh</c>, OpenAI's highest; Anthropic's <c>output_config.effort</c> also
    /// alongside adaptive thinking), or one derived from a thinking budget. Adaptive thinking without an effort and
    /// disabled thinking leave the upstream's default (an OpenAI client's own <c>none</c> goes back as <c>none</c>).
    /// </summary>
    private static string? ReasoningEffortFor(CanonicalRequest request)
    {
        var effort = request.Reasoning switch
        {
            null => null,
            { Disabled: true } => request.Source == WireFormat.OpenAIChat ? "none" : null,
            { Effort: { } given } => given,
            { Adaptive: true } => null,
            { BudgetTokens: { } budget } => ReasoningMapping.EffortFor(budget),
            _ => null,
        };
        return effort switch
        {
            "max" => "xhigh",
            "none" when request.Source != WireFormat.OpenAIChat => null,
            _ => effort,
        };
    }

    private static void WriteResponseFormat(Utf8JsonWriter writer, ResponseFormat format)
    {
        writer.WriteStartObject("response_format"u8);
        switch (format.Kind)
        {
            case ResponseFormatKind.JsonObject:
                writer.WriteString("type"u8, "json_object"u8);
                break;
            case ResponseFormatKind.JsonSchema:
                writer.WriteString("type"u8, "json_schema"u8);
                writer.WriteStartObject("json_schema"u8);
                writer.WriteString("name"u8, format.Name ?? "response");
                if (format.Description is { } description)
                {
                    writer.WriteString("description"u8, description);
                }

                if (format.Schema is { } schema)
                {
                    writer.WritePropertyName("schema"u8);
                    JsonRaw.Write(writer, schema);
                }

                if (format.Strict is { } strict)
                {
                    writer.WriteBoolean("strict"u8, strict);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteString("type"u8, "text"u8);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteOptionalNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
