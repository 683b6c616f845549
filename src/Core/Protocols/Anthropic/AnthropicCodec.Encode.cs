using System.Buffers;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>Canonical → an Anthropic <c>/v1/messages</c> body for an upstream.</summary>
internal static partial class AnthropicCodec
{
    private const string OutputConfigPrefix = "output_config.";

    /// <summary>
    /// Writes the upstream body. What Anthropic cannot honour is a 400 naming the parameter (thrown as a
    /// <see cref="Http.GatewayErrorException"/>; <paramref name="output"/> then holds a partial body to discard).
    /// </summary>
    public static void EncodeRequest(CanonicalRequest request, string upstreamModel, AnthropicEncodeOptions options, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var fromAnthropic = request.Source == WireFormat.AnthropicMessages;
        if (!fromAnthropic)
        {
            foreach (var name in request.Extensions.Keys)
            {
                throw Unsupported(name, "it has no Anthropic equivalent");
            }
        }

        var maxTokens = request.MaxTokens ?? options.DefaultMaxTokens;
        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("model"u8, upstreamModel);
        writer.WriteNumber("max_tokens"u8, maxTokens);
        WriteSystem(writer, request);
        WriteMessages(writer, request);
        WriteTools(writer, request, fromAnthropic);
        if (request.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (request.TopP is { } topP)
        {
            writer.WriteNumber("top_p"u8, topP);
        }

        if (request.TopK is { } topK)
        {
            writer.WriteNumber("top_k"u8, topK);
        }

        if (request.StopSequences.Count > 0)
        {
            writer.WriteStartArray("stop_sequences"u8);
            foreach (var stop in request.StopSequences)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        WriteThinking(writer, request, maxTokens, fromAnthropic);
        WriteOutputConfig(writer, request, fromAnthropic);
        if (request.User is { } user)
        {
            writer.WriteStartObject("metadata"u8);
            writer.WriteString("user_id"u8, user);
            writer.WriteEndObject();
        }

        if (request.Stream)
        {
            writer.WriteBoolean("stream"u8, true);
        }

        if (fromAnthropic)
        {
            foreach (var (name, value) in request.Extensions)
            {
                if (!name.StartsWith(OutputConfigPrefix, StringComparison.Ordinal))
                {
                    writer.WritePropertyName(name);
                    JsonRaw.Write(writer, value);
                }
            }
        }

        writer.WriteEndObject();
    }

    /// <summary><c>tools</c>, then <c>tool_choice</c>, which goes only with tools (Anthropic rejects it alone).</summary>
    private static void WriteTools(Utf8JsonWriter writer, CanonicalRequest request, bool fromAnthropic)
    {
        if (request.Tools.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("tools"u8);
        for (var i = 0; i < request.Tools.Count; i++)
        {
            var tool = request.Tools[i];
            if (tool.BuiltInType is { } builtIn)
            {
                if (!fromAnthropic || tool.Raw is not { } raw)
                {
                    throw Unsupported(new BlockPath("tools", i).ToString(), $"the built-in tool type '{builtIn}' belongs to another provider");
                }

                JsonRaw.Write(writer, raw);
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("name"u8, tool.Name);
            if (tool.Description is { } description)
            {
                writer.WriteString("description"u8, description);
            }

            writer.WritePropertyName("input_schema"u8);
            if (tool.HasObjectParameters)
            {
                JsonRaw.Write(writer, tool.ParametersUtf8.Span);
            }
            else
            {
                // A function declared without parameters: Anthropic requires a schema.
                writer.WriteStartObject();
                writer.WriteString("type"u8, "object"u8);
                writer.WriteStartObject("properties"u8);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            // OpenAI's "strict" has no place in the documented mapping; Anthropic's own flag round-trips.
            if (fromAnthropic && tool.Strict is { } strict)
            {
                writer.WriteBoolean("strict"u8, strict);
            }

            WriteCacheControl(writer, tool.CacheControl);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        var choice = request.ToolChoice;
        if (choice is null && request.ParallelToolCalls != false)
        {
            return;
        }

        writer.WriteStartObject("tool_choice"u8);
        switch (choice?.Mode ?? ToolChoiceMode.Auto)
        {
            case ToolChoiceMode.None:
                writer.WriteString("type"u8, "none"u8);
                break;
            case ToolChoiceMode.Required:
                writer.WriteString("type"u8, "any"u8);
                break;
            case ToolChoiceMode.Tool:
                writer.WriteString("type"u8, "tool"u8);
                writer.WriteString("name"u8, choice!.Name);
                break;
            default:
                writer.WriteString("type"u8, "auto"u8);
                break;
        }

        if (request.ParallelToolCalls == false)
        {
            writer.WriteBoolean("disable_parallel_tool_use"u8, true);
        }

        writer.WriteEndObject();
    }

    private static void WriteThinking(Utf8JsonWriter writer, CanonicalRequest request, int maxTokens, bool fromAnthropic)
    {
        if (request.Reasoning is not { Disabled: false } reasoning)
        {
            return;
        }

        if (reasoning.Adaptive)
        {
            writer.WriteStartObject("thinking"u8);
            writer.WriteString("type"u8, "adaptive"u8);
            writer.WriteEndObject();
            return;
        }

        int budget;
        string param;
        if (reasoning.BudgetTokens is { } tokens)
        {
            budget = tokens;
            param = fromAnthropic ? "thinking.budget_tokens" : EffortParam(request.Source);
        }
        else if (!fromAnthropic && reasoning.Effort is { } effort && effort != "none")
        {
            // An Anthropic client's output_config.effort stays an effort (WriteOutputConfig); others' becomes a budget.
            param = EffortParam(request.Source);
            budget = ReasoningMapping.BudgetFor(effort)
                ?? throw BadRequest($"'{param}' value '{effort}' is not one of none, minimal, low, medium, high, xhigh.", param);
        }
        else
        {
            return;
        }

        budget = Math.Min(budget, maxTokens - 1);
        if (budget < ReasoningMapping.MinimumBudget)
        {
            throw BadRequest(
                $"Anthropic needs a thinking budget of at least {ReasoningMapping.MinimumBudget} tokens below max_tokens ({maxTokens}); raise the token limit or leave out '{param}'.",
                param);
        }

        writer.WriteStartObject("thinking"u8);
        writer.WriteString("type"u8, "enabled"u8);
        writer.WriteNumber("budget_tokens"u8, budget);
        writer.WriteEndObject();
    }

    /// <summary>The client's name for a reasoning effort, for the 400 that names it.</summary>
    private static string EffortParam(WireFormat source) => source == WireFormat.OpenAIResponses ? "reasoning.effort" : "reasoning_effort";

    private static void WriteOutputConfig(Utf8JsonWriter writer, CanonicalRequest request, bool fromAnthropic)
    {
        var effort = fromAnthropic ? request.Reasoning?.Effort : null;
        var format = request.ResponseFormat;
        switch (format?.Kind)
        {
            case ResponseFormatKind.JsonObject:
                throw Unsupported("response_format", "'json_object' has no Anthropic equivalent; use 'json_schema'");
            case ResponseFormatKind.JsonSchema when format.Schema is not { ValueKind: JsonValueKind.Object }:
                throw BadRequest("'response_format.json_schema.schema' is required for an Anthropic upstream.", "response_format");
            case ResponseFormatKind.Text or null:
                format = null;
                break;
        }

        var started = false;
        if (effort is not null || format is not null)
        {
            writer.WriteStartObject("output_config"u8);
            started = true;
            if (effort is not null)
            {
                writer.WriteString("effort"u8, effort);
            }

            if (format is not null)
            {
                writer.WriteStartObject("format"u8);
                writer.WriteString("type"u8, "json_schema"u8);
                writer.WritePropertyName("schema"u8);
                JsonRaw.Write(writer, format.Schema!.Value);
                writer.WriteEndObject();
            }
        }

        if (fromAnthropic)
        {
            foreach (var (name, value) in request.Extensions)
            {
                if (name.StartsWith(OutputConfigPrefix, StringComparison.Ordinal))
                {
                    if (!started)
                    {
                        writer.WriteStartObject("output_config"u8);
                        started = true;
                    }

                    writer.WritePropertyName(name.AsSpan(OutputConfigPrefix.Length));
                    JsonRaw.Write(writer, value);
                }
            }
        }

        if (started)
        {
            writer.WriteEndObject();
        }
    }

    private static void WriteCacheControl(Utf8JsonWriter writer, JsonElement? cacheControl)
    {
        if (cacheControl is { } value)
        {
            writer.WritePropertyName("cache_control"u8);
            JsonRaw.Write(writer, value);
        }
    }
}
