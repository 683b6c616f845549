using System.Buffers;
using System.Net.Http.Headers;
using LlmGateway.Credentials;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Providers.OpenAI;

/// <summary>Any OpenAI-compatible Chat Completions API: Bearer key, <c>{base}/chat/completions</c>.</summary>
internal sealed class OpenAIDialect : IProviderDialect
{
    public static readonly OpenAIDialect Instance = new();

    public WireFormat Format => WireFormat.OpenAIChat;

    public Uri ChatUri(UpstreamProvider provider, string model, bool stream) => new(provider.BaseUri!, "chat/completions");

    public void Prepare(HttpRequestMessage request, UpstreamCredential credential, UpstreamProvider provider, IHeaderDictionary? clientHeaders)
    {
        if (credential.Secret is { } secret)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }
    }

    public void EncodeRequest(CanonicalRequest request, string upstreamModel, UpstreamProvider provider, IBufferWriter<byte> output) =>
        OpenAIChatCodec.EncodeRequest(request, upstreamModel, provider.OpenAIEncodeOptions, output);

    public CanonicalResponse DecodeResponse(ReadOnlySpan<byte> body) => OpenAIChatCodec.DecodeResponse(body);

    public IStreamDecoder CreateStreamDecoder() => new OpenAIStreamDecoder();

    public GatewayError TranslateError(UpstreamFailure failure, string provider) => UpstreamErrors.FromOpenAI(failure, provider);
}
