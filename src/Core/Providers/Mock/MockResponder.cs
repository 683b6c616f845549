using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Providers.Mock;

/// <summary>
/// The built-in <c>mock</c> provider, answering in the hub's model so that every inbound surface works with no
/// upstream at all. Deterministic: it echoes the last user message (or the configured reply); calls a tool when
/// the prompt names one of the offered tools or <c>tool_choice</c> forces one; answers a tool result by quoting
/// it; and thinks aloud first when reasoning is requested.
/// </summary>
internal sealed class MockResponder(TimeProvider timeProvider)
{
    private long _counter;

    public static GatewayError? Check(CanonicalRequest request, string provider)
    {
        var target = $"provider '{provider}' (type mock)";
        foreach (var name in request.Extensions.Keys)
        {
            return GatewayError.Unsupported(name, target, "the mock has no such feature");
        }

        if (request.ResponseFormat is { Kind: not ResponseFormatKind.Text })
        {
            return GatewayError.Unsupported("response_format", target, "it only returns plain text");
        }

        for (var i = 0; i < request.Tools.Count; i++)
        {
            if (request.Tools[i].BuiltInType is { } type)
            {
                return GatewayError.Unsupported($"tools[{i}]", target, $"it cannot run the built-in tool '{type}'");
            }
        }

        if (request.ToolChoice is { Mode: ToolChoiceMode.Tool, Name: { } forced } && !request.Tools.Any(t => t.Name == forced))
        {
            return GatewayError.BadRequest($"tool_choice names '{forced}', which is not among the tools.", "tool_choice");
        }

        if (request.ToolChoice is { Mode: ToolChoiceMode.Required or ToolChoiceMode.Tool } && request.Tools.Count == 0)
        {
            return GatewayError.BadRequest("tool_choice requires a tool call but no tools were given.", "tool_choice");
        }

        return null;
    }

    public CanonicalResponse Respond(CanonicalRequest request, string model, string? fixedReply)
    {
        var response = new CanonicalResponse
        {
            Id = "mock-" + Interlocked.Increment(ref _counter).ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
            Model = model,
            Origin = WireFormat.OpenAIChat,
            Created = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
        };
        var userText = MockReply.LastUserText(request);
        long output = 0;
        if (request.Reasoning is { Disabled: false })
        {
            var thought = "The user wrote: " + userText;
            response.Content.Add(new ReasoningPart(thought));
            output += TokenEstimator.EstimateText(thought);
        }

        var lastIsToolResult = request.Messages.Count > 0 && request.Messages[^1].Parts.Count > 0
            && request.Messages[^1].Parts.All(p => p is ToolResultPart);
        if (!lastIsToolResult && ChooseTool(request, userText) is { } tool)
        {
            var arguments = Arguments(tool, userText);
            response.Content.Add(new ToolCallPart("call_mock_" + Interlocked.Increment(ref _counter).ToString("x8", System.Globalization.CultureInfo.InvariantCulture), tool.Name, arguments));
            response.StopReason = StopReason.ToolUse;
            output += TokenEstimator.EstimateText(arguments);
        }
        else
        {
            var text = fixedReply ?? (lastIsToolResult
                ? "The tool returned: " + string.Join(" ", request.Messages[^1].Parts.OfType<ToolResultPart>().Select(r => MockReply.Join(r.Content)))
                : userText);
            var reply = MockReply.Create(text, request);
            response.Content.Add(new TextPart(reply.Text));
            response.StopReason = reply.StopReason;
            response.StopSequence = reply.StopSequence;
            output += reply.Pieces.Count;
        }

        response.Usage = new TokenUsage(TokenEstimator.Estimate(request), output, 0, 0);
        return response;
    }

    /// <summary>The response as a stream: text and reasoning piece by piece, tool arguments in two fragments.</summary>
    public static IEnumerable<StreamEvent> Stream(CanonicalResponse response)
    {
        yield return new ResponseStarted(response.Id, response.Model);
        for (var index = 0; index < response.Content.Count; index++)
        {
            switch (response.Content[index])
            {
                case ReasoningPart reasoning:
                    yield return new BlockStarted(index, BlockKind.Reasoning);
                    foreach (var piece in MockReply.Split(reasoning.Text))
                    {
                        yield return new ReasoningDelta(index, piece);
                    }

                    break;
                case TextPart text:
                    yield return new BlockStarted(index, BlockKind.Text);
                    foreach (var piece in MockReply.Split(text.Text))
                    {
                        yield return new TextDelta(index, piece);
                    }

                    break;
                case ToolCallPart call:
                    yield return new BlockStarted(index, BlockKind.ToolCall) { ToolCallId = call.Id, ToolName = call.Name };
                    var half = call.Arguments.Length / 2;
                    yield return new ToolArgumentsDelta(index, call.Arguments[..half]);
                    yield return new ToolArgumentsDelta(index, call.Arguments[half..]);
                    break;
            }

            yield return new BlockStopped(index);
        }

        yield return new UsageReported(response.Usage);
        yield return new ResponseFinished(response.StopReason, response.StopSequence);
    }

    private static ToolDefinition? ChooseTool(CanonicalRequest request, string userText)
    {
        if (request.Tools.Count == 0 || request.ToolChoice?.Mode == ToolChoiceMode.None)
        {
            return null;
        }

        return request.ToolChoice switch
        {
            { Mode: ToolChoiceMode.Tool, Name: { } name } => request.Tools.First(t => t.Name == name),
            { Mode: ToolChoiceMode.Required } => request.Tools.FirstOrDefault(t => userText.Contains(t.Name, StringComparison.OrdinalIgnoreCase)) ?? request.Tools[0],
            _ => request.Tools.FirstOrDefault(t => userText.Contains(t.Name, StringComparison.OrdinalIgnoreCase)),
        };
    }

    /// <summary>Every required property of the schema: strings get the user's text, numbers 0, booleans false.</summary>
    private static string Arguments(ToolDefinition tool, string userText)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Json.JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            var schema = tool.Parameters;
            if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
                && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in required.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!))
                {
                    var type = properties.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Object
                        && property.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "string";
                    switch (type)
                    {
                        case "number" or "integer":
                            writer.WriteNumber(name, 0);
                            break;
                        case "boolean":
                            writer.WriteBoolean(name, false);
                            break;
                        case "array":
                            writer.WriteStartArray(name);
                            writer.WriteEndArray();
                            break;
                        case "object":
                            writer.WriteStartObject(name);
                            writer.WriteEndObject();
                            break;
                        default:
                            writer.WriteString(name, userText);
                            break;
                    }
                }
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
