using System.Buffers;
using System.Net.Http.Headers;
using LlmGateway.Credentials;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Protocols.Responses;
using LlmGateway.Translation;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Providers.Responses;

/// <summary>OpenAI's Responses API (provider type <c>openai-responses</c>): Bearer key, <c>{base}/responses</c>.</summary>
internal sealed class ResponsesDialect : IProviderDialect
{
    public static readonly ResponsesDialect Instance = new();

    public WireFormat Format => WireFormat.OpenAIResponses;

    public Uri ChatUri(UpstreamProvider provider, string model, bool stream) => new(provider.BaseUri!, "responses");

    public void Prepare(HttpRequestMessage request, UpstreamCredential credential, UpstreamProvider provider, IHeaderDictionary? clientHeaders)
    {
        if (credential.Secret is { } secret)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }
    }

    public void EncodeRequest(CanonicalRequest request, string upstreamModel, UpstreamProvider provider, IBufferWriter<byte> output) =>
        ResponsesCodec.EncodeRequest(request, upstreamModel, output);

    public CanonicalResponse DecodeResponse(ReadOnlySpan<byte> body) => ResponsesCodec.DecodeResponse(body);

    public IStreamDecoder CreateStreamDecoder() => new ResponsesStreamDecoder();

    public GatewayError TranslateError(UpstreamFailure failure, string provider) => UpstreamErrors.FromOpenAI(failure, provider);
}
