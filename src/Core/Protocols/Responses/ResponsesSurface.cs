using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Execution;
using LlmGateway.Hosting;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.Responses;

/// <summary>
/// <c>POST /v1/responses</c> (Codex CLI, OpenAI SDKs' Responses clients). Stateless: <c>store: true</c> is accepted and
/// nothing is stored. To an <c>openai-responses</c> upstream it is a pass-through that rewrites only the model and
/// relays the stream event by event (<c>previous_response_id</c> and built-in tools reach it as they are); to others
/// it goes through the hub. Errors before a stream starts have OpenAI's shape; a stream always ends with
/// <c>response.completed</c> or <c>response.failed</c>.
/// </summary>
internal sealed class ResponsesSurface(TimeProvider timeProvider) : IChatSurface
{
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    public WireFormat Format => WireFormat.OpenAIResponses;

    public string Endpoint => "responses";

    public ErrorWriter WriteError { get; } = OpenAIErrors.WriteAsync;

    public ReadOnlyMemory<byte> KeepAlive => KeepAliveComment;

    /// <summary>The surface of one <c>/v1/responses/compact</c> request.</summary>
    public ResponsesCompactSurface CreateCompact() => new(timeProvider);

    public InboundChat Read(HttpRequest request, ReadOnlyMemory<byte> body) => ReadBody(body, allowStream: true);

    /// <summary>Parses the body and reads <c>model</c> and <c>stream</c> (a 400 naming them when malformed).</summary>
    internal static InboundChat ReadBody(ReadOnlyMemory<byte> body, bool allowStream)
    {
        var document = ChatExecutor.ParseJson(body);
        try
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new GatewayErrorException(GatewayError.BadRequest("The request body must be a JSON object."));
            }

            if (!root.TryGetProperty("model"u8, out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } name)
            {
                throw new GatewayErrorException(GatewayError.BadRequest("You must provide a model parameter.", "model", "missing_required_parameter"));
            }

            var stream = root.TryGetProperty("stream"u8, out var value) && value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                _ => throw new GatewayErrorException(GatewayError.BadRequest("Invalid type for 'stream': expected a boolean.", "stream", "invalid_type")),
            };
            if (stream && !allowStream)
            {
                throw new GatewayErrorException(GatewayError.BadRequest("'stream' is not supported by /v1/responses/compact, which answers with one JSON body.", "stream", "unsupported_parameter"));
            }

            return new InboundChat(body, new ChatBasics(name, stream, false), document);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    public CanonicalRequest Decode(InboundChat inbound) => ResponsesCodec.DecodeRequest(inbound.Root);

    public PooledBuffer? Rewrite(InboundChat inbound, string upstreamModel) =>
        ChatRequestRewriter.Rewrite(inbound.Body, inbound.Root, upstreamModel, includeUsage: false);

    public IHeaderDictionary? ForwardedHeaders(HttpRequest request) => null;

    public void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) =>
        ResponsesCodec.EncodeResponse(response, output, timeProvider.GetUtcNow().ToUnixTimeSeconds());

    public IStreamEncoder CreateStreamEncoder(CanonicalRequest request, long created) => new ResponsesStreamEncoder(created, TokenEstimator.Estimate(request));

    public Task WriteEventsAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider timeProvider) =>
        SseResponse.WriteAsync(context, events, KeepAlive, keepAliveInterval, timeProvider);

    public TokenUsage UsageOf(ReadOnlySpan<byte> answer) => UsageIn(answer);

    /// <summary>The <c>usage</c> of a response object as it came (zero when it has none or is not JSON).</summary>
    internal static TokenUsage UsageIn(ReadOnlySpan<byte> answer)
    {
        try
        {
            var reader = new Utf8JsonReader(answer);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUsage = reader.ValueTextEquals("usage"u8);
                reader.Read();
                if (isUsage)
                {
                    return ResponsesItems.ReadUsage(ref reader);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return default;
    }

    /// <summary>
    /// The upstream's events as they came; the decoder reads along for the tally and, when the upstream breaks off or
    /// ends without a terminal event, supplies the response id and next <c>sequence_number</c> of the
    /// <c>response.failed</c> that ends the client's stream.
    /// </summary>
    public IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> Relay(UpstreamCall call, Stream upstream, InboundChat inbound, StreamTally tally, CancellationToken cancellationToken)
    {
        var decoder = new ResponsesStreamDecoder();
        var created = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        return HubStream.RelayAsync(call, upstream, decoder, tally, error => ResponsesErrors.FailedEvent(
            decoder.LastSequence + 1, ResponsesCodec.ResponseId(decoder.ResponseId), created, decoder.Model.Length > 0 ? decoder.Model : inbound.Basics.Model, error));
    }
}
