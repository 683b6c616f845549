using System.Text.Json;
using LlmGateway.Http;

namespace LlmGateway.Json;

/// <summary>The gateway's answer to a request body that is not well-formed JSON.</summary>
internal static class JsonBody
{
    public static GatewayErrorException Invalid(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new GatewayErrorException(GatewayError.BadRequest(
            $"We could not parse the JSON body of your request: {exception.Message}", null, "invalid_json"));
    }
}
