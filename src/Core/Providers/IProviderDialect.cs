using System.Buffers;
using LlmGateway.Credentials;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Translation;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Providers;

/// <summary>How to talk to one upstream wire format: endpoint, authentication, and its codec for the hub.</summary>
internal interface IProviderDialect
{
    WireFormat Format { get; }

    /// <summary>The chat endpoint under the provider's base URL (<c>chat/completions</c>, <c>messages</c>, <c>models/m:generateContent</c>).</summary>
    Uri ChatUri(UpstreamProvider provider, string model, bool stream);

    /// <summary>
    /// Puts the credential and protocol headers on an upstream request. <paramref name="clientHeaders"/> is set on
    /// pass-through, where protocol headers the client chose (e.g. <c>anthropic-beta</c>) are forwarded.
    /// </summary>
    void Prepare(HttpRequestMessage request, UpstreamCredential credential, UpstreamProvider provider, IHeaderDictionary? clientHeaders);

    /// <summary>
    /// <see cref="Prepare"/> for dialects whose authentication may wait (an Entra ID token for a keyless Azure OpenAI
    /// upstream); the upstream client calls this form.
    /// </summary>
    ValueTask PrepareAsync(HttpRequestMessage request, UpstreamCredential credential, UpstreamProvider provider, IHeaderDictionary? clientHeaders, CancellationToken cancellationToken)
    {
        Prepare(request, credential, provider, clientHeaders);
        return ValueTask.CompletedTask;
    }

    void EncodeRequest(CanonicalRequest request, string upstreamModel, UpstreamProvider provider, IBufferWriter<byte> output);

    CanonicalResponse DecodeResponse(ReadOnlySpan<byte> body);

    IStreamDecoder CreateStreamDecoder();

    /// <summary>The upstream's error body read into a protocol-neutral error (status kept, context-limit errors recognised).</summary>
    GatewayError TranslateError(UpstreamFailure failure, string provider);
}
