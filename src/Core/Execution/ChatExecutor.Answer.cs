using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Providers;
using LlmGateway.Providers.Mock;
using LlmGateway.Routing;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Execution;

/// <summary>Writing a successful upstream answer: relayed as it came (same format) or translated through the hub.</summary>
internal sealed partial class ChatExecutor
{
    private async Task<UsageRecord> AnswerAsync(Exchange exchange, UpstreamCall call, CanonicalRequest? canonical, UsageRecord record)
    {
        PooledBuffer answer;
        try
        {
            answer = await UpstreamBody.ReadAsync(call, MaxResponseBytes).ConfigureAwait(false);
        }
        catch (GatewayErrorException ex) when (ex.Error.Code is UpstreamClient.TimeoutCode or UpstreamBody.BrokenCode)
        {
            throw new RetryableException(ex.Error);
        }

        using (answer)
        {
            if (canonical is null)
            {
                var contentType = call.Response.Content.Headers.ContentType?.ToString() ?? "application/json";
                await WriteBodyAsync(exchange, call, contentType, answer.Memory).ConfigureAwait(false);
                return record with { Status = 200, Tokens = exchange.Surface.UsageOf(answer.Span) };
            }

            CanonicalResponse response;
            try
            {
                response = call.Provider.Dialect!.DecodeResponse(answer.Span);
            }
            catch (JsonException)
            {
                throw new GatewayErrorException(new GatewayError(502, "upstream_invalid_response", $"Upstream '{call.Provider.Name}' sent a response that is not valid JSON."));
            }

            await WriteJsonAsync(exchange, call, response).ConfigureAwait(false);
            return record with { Status = 200, Tokens = response.Usage };
        }
    }

    private async Task<UsageRecord> StreamAsync(Exchange exchange, UpstreamCall call, CanonicalRequest? canonical, UsageRecord record)
    {
        var mediaType = call.Response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new GatewayErrorException(new GatewayError(502, "upstream_not_streaming",
                $"Upstream '{call.Provider.Name}' answered a stream request with '{mediaType}' instead of an event stream."));
        }

        var upstream = await call.Response.Content.ReadAsStreamAsync(call.Token).ConfigureAwait(false);
        await using (upstream.ConfigureAwait(false))
        {
            var tally = new StreamTally(timeProvider);
            var events = canonical is null
                ? exchange.Surface.Relay(call, upstream, exchange.Inbound, tally, exchange.Aborted)
                : HubStream.EncodeAsync(
                    HubStream.DecodeAsync(call, upstream, call.Provider.Dialect!.CreateStreamDecoder()),
                    exchange.Surface.CreateStreamEncoder(canonical, timeProvider.GetUtcNow().ToUnixTimeSeconds()),
                    tally,
                    exchange.Aborted);
            var primed = await PrimedStream.PrimeAsync(events, tally, KeepAliveInterval, timeProvider, exchange.Aborted).ConfigureAwait(false);
            if (primed is null)
            {
                throw new RetryableException(tally.Failure!);
            }

            _headers.Copy(call.Response, exchange.Context.Response);
            var scrubbed = SecretScrubber.ScrubEvents(primed, call.Credential.SecretUtf8);
            await exchange.Surface.WriteEventsAsync(exchange.Context, scrubbed, KeepAliveInterval, timeProvider).ConfigureAwait(false);
            return Tallied(record, tally);
        }
    }

    private async Task<UsageRecord> MockAsync(Exchange exchange, UpstreamProvider provider, ModelTarget target, UsageRecord record)
    {
        var request = exchange.CanonicalFor(provider);
        if (MockResponder.Check(request, provider.Name) is { } unsupported)
        {
            throw new GatewayErrorException(unsupported);
        }

        record = record with { CredentialId = null, Attempts = record.Attempts + 1 };
        var response = mock.Respond(request, target.Model, provider.Options.Reply);
        if (!request.Stream)
        {
            await WriteJsonAsync(exchange, null, response).ConfigureAwait(false);
            return record with { Status = 200, Tokens = response.Usage };
        }

        var tally = new StreamTally(timeProvider);
        var events = HubStream.EncodeAsync(HubStream.FromSync(MockResponder.Stream(response)), exchange.Surface.CreateStreamEncoder(request, response.Created), tally, exchange.Aborted);
        await exchange.Surface.WriteEventsAsync(exchange.Context, events, KeepAliveInterval, timeProvider).ConfigureAwait(false);
        return Tallied(record, tally);
    }

    private async Task WriteJsonAsync(Exchange exchange, UpstreamCall? call, CanonicalResponse response)
    {
        using var output = new PooledBuffer(1024);
        exchange.Surface.EncodeResponse(response, output);
        await WriteBodyAsync(exchange, call, "application/json", output.Memory).ConfigureAwait(false);
    }

    private async Task WriteBodyAsync(Exchange exchange, UpstreamCall? call, string contentType, ReadOnlyMemory<byte> body)
    {
        await exchange.BeforeBodyAsync().ConfigureAwait(false);
        var response = exchange.Context.Response;
        if (call is not null && !response.HasStarted)
        {
            _headers.Copy(call.Response, response);
        }

        ResponseHead.Set(response, StatusCodes.Status200OK, contentType, body.Length);
        await response.Body.WriteAsync(body, exchange.Aborted).ConfigureAwait(false);
    }
}
