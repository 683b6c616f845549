using System.Text.Json;
using LlmGateway.Http;

namespace LlmGateway.Providers;

/// <summary>Rejects request parameters a provider cannot honour, naming the parameter, rather than dropping them.</summary>
internal interface IParameterPolicy
{
    /// <summary>Null when every parameter can be honoured; otherwise a 400 naming the first one that cannot.</summary>
    GatewayError? Check(JsonElement chatRequest, string provider);
}
