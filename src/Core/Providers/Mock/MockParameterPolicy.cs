using System.Text.Json;
using LlmGateway.Http;

namespace LlmGateway.Providers.Mock;

/// <summary>What the mock cannot do: several choices, log probabilities, forced tool calls, guaranteed JSON, audio.</summary>
internal sealed class MockParameterPolicy : IParameterPolicy
{
    public GatewayError? Check(JsonElement chatRequest, string provider)
    {
        foreach (var property in chatRequest.EnumerateObject())
        {
            var value = property.Value;
            var reason = property.Name switch
            {
                "n" when value.ValueKind == JsonValueKind.Number && (!value.TryGetInt32(out var n) || n != 1) => "it returns exactly one choice",
                "logprobs" when value.ValueKind == JsonValueKind.True => "it has no log probabilities",
                "top_logprobs" when value.ValueKind == JsonValueKind.Number => "it has no log probabilities",
                "tool_choice" when ForcesToolCall(value) => "it never calls tools, so it cannot be made to",
                "response_format" when value.ValueKind == JsonValueKind.Object && value.TryGetProperty("type", out var type)
                    && type.ValueKind == JsonValueKind.String && !type.ValueEquals("text"u8) => "it only returns plain text",
                "audio" when value.ValueKind == JsonValueKind.Object => "it has no audio output",
                "modalities" when value.ValueKind == JsonValueKind.Array && value.EnumerateArray().Any(m => m.ValueEquals("audio"u8)) => "it has no audio output",
                _ => null,
            };
            if (reason is not null)
            {
                return GatewayError.BadRequest(
                    $"Parameter '{property.Name}' is not supported by provider '{provider}' (type mock): {reason}.",
                    property.Name,
                    "unsupported_parameter");
            }
        }

        return null;
    }

    private static bool ForcesToolCall(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object || (value.ValueKind == JsonValueKind.String && value.ValueEquals("required"u8));
}
