using System.Buffers;
using LlmGateway.Credentials;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Translation;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Providers.Anthropic;

/// <summary>Anthropic's Messages API: <c>x-api-key</c>, <c>anthropic-version</c>, <c>{base}/messages</c>.</summary>
internal sealed class AnthropicDialect : IProviderDialect
{
    public static readonly AnthropicDialect Instance = new();

    public WireFormat Format => WireFormat.AnthropicMessages;

    public Uri ChatUri(UpstreamProvider provider, string model, bool stream) => new(provider.BaseUri!, "messages");

    public void Prepare(HttpRequestMessage request, UpstreamCredential credential, UpstreamProvider provider, IHeaderDictionary? clientHeaders)
    {
        if (credential.Secret is { } secret)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", secret);
        }

        var version = clientHeaders?["anthropic-version"].ToString();
        request.Headers.TryAddWithoutValidation("anthropic-version", string.IsNullOrEmpty(version) ? provider.Options.AnthropicVersion : version);
        var beta = clientHeaders?["anthropic-beta"].ToString();
        if (!string.IsNullOrEmpty(beta))
        {
            request.Headers.TryAddWithoutValidation("anthropic-beta", beta);
        }
    }

    public void EncodeRequest(CanonicalRequest request, string upstreamModel, UpstreamProvider provider, IBufferWriter<byte> output) =>
        AnthropicCodec.EncodeRequest(request, upstreamModel, provider.AnthropicEncodeOptions, output);

    public CanonicalResponse DecodeResponse(ReadOnlySpan<byte> body) => AnthropicCodec.DecodeResponse(body);

    public IStreamDecoder CreateStreamDecoder() => new AnthropicStreamDecoder();

    public GatewayError TranslateError(UpstreamFailure failure, string provider) => UpstreamErrors.FromAnthropic(failure, provider);
}
