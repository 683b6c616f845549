using System.Buffers;
using LlmGateway.Credentials;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Translation;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Providers.Gemini;

/// <summary>
/// Google's Gemini API: <c>{base}/models/{model}:generateContent</c> or <c>:streamGenerateContent?alt=sse</c>, the
/// key in <c>x-goog-api-key</c> — never in the URL, where it would leak into logs and exception messages.
/// </summary>
internal sealed class GeminiDialect : IProviderDialect
{
    public static readonly GeminiDialect Instance = new();

    private static readonly GeminiEncodeOptions EncodeOptions = new();

    public WireFormat Format => WireFormat.Gemini;

    public Uri ChatUri(UpstreamProvider provider, string model, bool stream) =>
        new(provider.BaseUri!, "models/" + Uri.EscapeDataString(model) + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent"));

    public static Uri CountTokensUri(UpstreamProvider provider, string model) =>
        new(provider.BaseUri!, "models/" + Uri.EscapeDataString(model) + ":countTokens");

    public void Prepare(HttpRequestMessage request, UpstreamCredential credential, UpstreamProvider provider, IHeaderDictionary? clientHeaders)
    {
        if (credential.Secret is { } secret)
        {
            request.Headers.TryAddWithoutValidation("x-goog-api-key", secret);
        }
    }

    public void EncodeRequest(CanonicalRequest request, string upstreamModel, UpstreamProvider provider, IBufferWriter<byte> output) =>
        GeminiCodec.EncodeRequest(request, EncodeOptions, output);

    public CanonicalResponse DecodeResponse(ReadOnlySpan<byte> body) => GeminiCodec.DecodeResponse(body);

    public IStreamDecoder CreateStreamDecoder() => new GeminiStreamDecoder();

    public GatewayError TranslateError(UpstreamFailure failure, string provider)
    {
        var error = GeminiErrors.FromGemini(failure.Status, failure.Body);
        return error.RetryAfterSeconds is null && failure.RetryAfterSeconds is { } seconds ? error with { RetryAfterSeconds = seconds } : error;
    }
}
