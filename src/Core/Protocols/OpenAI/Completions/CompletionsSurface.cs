using System.Buffers;
using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Execution;
using LlmGateway.Hosting;
using LlmGateway.Http;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.OpenAI.Completions;

/// <summary>
/// <c>POST /v1/completions</c> (OpenAI's legacy Completions). Always served through the hub as chat, whatever the
/// upstream (OpenAI-compatible, Azure OpenAI, Anthropic, Gemini, mock): the request is read as the equivalent Chat
/// Completions request (<see cref="CompletionsRequest"/>), and the answer written back as <c>text_completion</c>.
/// Its format matches no upstream's, so the engine never takes the same-format path for it.
/// </summary>
internal sealed class CompletionsSurface(TimeProvider timeProvider) : IChatSurface
{
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    public WireFormat Format => WireFormat.OpenAICompletions;

    public string Endpoint => "completions";

    public ErrorWriter WriteError { get; } = OpenAIErrors.WriteAsync;

    public ReadOnlyMemory<byte> KeepAlive => KeepAliveComment;

    public InboundChat Read(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        byte[] chat;
        using (var document = ChatExecutor.ParseJson(body))
        {
            chat = CompletionsRequest.ToChat(document.RootElement);
        }

        var chatDocument = JsonDocument.Parse(chat);
        try
        {
            var info = ChatRequestInfo.Read(chatDocument.RootElement);
            return new InboundChat(chat, new ChatBasics(info.Model, info.Stream, info.IncludeUsage), chatDocument);
        }
        catch
        {
            chatDocument.Dispose();
            throw;
        }
    }

    public CanonicalRequest Decode(InboundChat inbound) => OpenAIChatCodec.DecodeRequest(inbound.Root);

    public PooledBuffer? Rewrite(InboundChat inbound, string upstreamModel) => throw SameFormatUnreachable();

    public IHeaderDictionary? ForwardedHeaders(HttpRequest request) => null;

    public void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) =>
        CompletionsCodec.EncodeResponse(response, output, timeProvider.GetUtcNow().ToUnixTimeSeconds());

    public IStreamEncoder CreateStreamEncoder(CanonicalRequest request, long created) => new CompletionsStreamEncoder(request.IncludeUsage, created);

    public Task WriteEventsAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider timeProvider) =>
        SseResponse.WriteAsync(context, events, KeepAlive, keepAliveInterval, timeProvider);

    public TokenUsage UsageOf(ReadOnlySpan<byte> answer) => throw SameFormatUnreachable();

    public IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> Relay(UpstreamCall call, Stream upstream, InboundChat inbound, StreamTally tally, CancellationToken cancellationToken) =>
        throw SameFormatUnreachable();

    private static UnreachableException SameFormatUnreachable() =>
        new("No upstream speaks legacy Completions: the engine always serves /v1/completions through the hub.");
}
