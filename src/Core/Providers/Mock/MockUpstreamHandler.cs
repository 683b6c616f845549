using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using LlmGateway.Configuration;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;

namespace LlmGateway.Providers.Mock;

/// <summary>
/// The <c>mock</c> provider: an in-process OpenAI-compatible upstream. The gateway reaches it through the same
/// code path as a real upstream (HTTP request, SSE parsing, usage), minus the network.
/// </summary>
internal sealed class MockUpstreamHandler(ProviderOptions options, TimeProvider timeProvider) : HttpMessageHandler
{
    public static readonly Uri BaseUri = new("http://mock.invalid/v1/");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath != "/v1/chat/completions" || request.Content is null)
        {
            return Error(HttpStatusCode.NotFound, "The mock provider only serves POST /v1/chat/completions.");
        }

        var body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var model = root.GetProperty("model").GetString()!;
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        var reply = MockReply.Create(root, body.Length, options.Reply);
        var id = "chatcmpl-mock-" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 8));
        var created = timeProvider.GetUtcNow().ToUnixTimeSeconds();

        var content = stream
            ? new ByteArrayContent(await MockResponseWriter.StreamAsync(id, created, model, reply, includeUsage, cancellationToken).ConfigureAwait(false))
            : new ByteArrayContent(MockResponseWriter.Completion(id, created, model, reply));
        content.Headers.ContentType = new MediaTypeHeaderValue(stream ? "text/event-stream" : "application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string message)
    {
        var content = new ByteArrayContent(OpenAIErrors.Serialize(new GatewayError((int)status, "not_found", message)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(status) { Content = content };
    }
}
