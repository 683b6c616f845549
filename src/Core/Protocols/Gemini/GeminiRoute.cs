using LlmGateway.Http;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// <c>/v1beta/models/{model}:{method}</c>. Model ids may contain '/' (<c>openai/gpt-4o</c>) and may arrive as
/// <c>models/x</c>: everything after <c>models/</c> up to the last ':' is the model, the rest the method.
/// </summary>
internal readonly record struct GeminiRoute(string Model, string Method)
{
    public const string GenerateContent = "generateContent";
    public const string StreamGenerateContent = "streamGenerateContent";
    public const string CountTokens = "countTokens";

    public static GeminiRoute Read(HttpRequest request)
    {
        var path = Uri.UnescapeDataString(request.RouteValues["path"] as string ?? "");
        var colon = path.LastIndexOf(':');
        if (colon <= 0 || colon == path.Length - 1)
        {
            throw new GatewayErrorException(new GatewayError(404, "not_found", $"Unknown method: expected /v1beta/models/{{model}}:generateContent, :streamGenerateContent or :countTokens."));
        }

        var model = path[..colon];
        while (model.StartsWith("models/", StringComparison.Ordinal))
        {
            model = model["models/".Length..];
        }

        return new GeminiRoute(model, path[(colon + 1)..]);
    }

    /// <summary>True when the client asked for SSE (<c>alt=sse</c>) rather than the JSON array.</summary>
    public static bool WantsSse(HttpRequest request) => string.Equals(request.Query["alt"], "sse", StringComparison.OrdinalIgnoreCase);
}
