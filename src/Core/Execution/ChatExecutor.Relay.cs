using System.Globalization;
using LlmGateway.Hosting;
using LlmGateway.Providers;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Execution;

/// <summary>Relaying an upstream's answer as it came, shared by the surfaces' pass-through paths.</summary>
internal sealed partial class ChatExecutor
{
    /// <summary>Reads a body (usage, no content) without allocating: the usage of a same-format response.</summary>
    internal delegate TokenUsage UsageReader(ReadOnlySpan<byte> body);

    /// <summary>
    /// An upstream's non-success answer: health is updated, then the body goes to the client as it came when it
    /// is already a JSON error (same format), or in the surface's error shape otherwise.
    /// </summary>
    public async Task<UsageRecord> RelayFailureAsync(HttpContext context, UpstreamCall call, string model, ErrorWriter writeError, UsageRecord record)
    {
        var failure = await UpstreamFailure.ReadAsync(call, timeProvider).ConfigureAwait(false);
        OnUpstreamFailure(call, model, failure);
        await (failure.IsJsonError ? failure.WriteRawAsync(context) : writeError(context, failure.ToGatewayError(call.Provider.Name))).ConfigureAwait(false);
        return record with { Status = failure.Status, ErrorClass = "upstream_" + failure.Status.ToString(CultureInfo.InvariantCulture) };
    }

    /// <summary>A non-stream answer relayed byte for byte; its usage read by <paramref name="usageOf"/>.</summary>
    public static async Task<TokenUsage> RelayAnswerAsync(HttpContext context, UpstreamCall call, UsageReader? usageOf)
    {
        using var answer = await UpstreamBody.ReadAsync(call, MaxResponseBytes).ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = call.Response.Content.Headers.ContentType?.ToString() ?? "application/json";
        response.ContentLength = answer.Length;
        await response.Body.WriteAsync(answer.Memory, context.RequestAborted).ConfigureAwait(false);
        return usageOf is null ? default : usageOf(answer.Span);
    }

    /// <summary>
    /// An auxiliary call (count tokens) forwarded to the model's upstream and its answer relayed as it came. Any
    /// credential will do, cooling or not, and the outcome never changes a credential's health.
    /// </summary>
    public async Task ForwardAuxiliaryAsync(HttpContext context, UpstreamProvider provider, string model, Uri uri, ReadOnlyMemory<byte> body, IHeaderDictionary? clientHeaders, ErrorWriter writeError)
    {
        var credential = selector.Select(provider.Name, model).Credential ?? selector.Any(provider.Name);
        using var call = await upstreamClient.SendAsync(provider, credential, uri, body, false, clientHeaders, context.RequestAborted).ConfigureAwait(false);
        if (!call.Response.IsSuccessStatusCode)
        {
            var failure = await UpstreamFailure.ReadAsync(call, timeProvider).ConfigureAwait(false);
            await (failure.IsJsonError ? failure.WriteRawAsync(context) : writeError(context, failure.ToGatewayError(provider.Name))).ConfigureAwait(false);
            return;
        }

        await RelayAnswerAsync(context, call, null).ConfigureAwait(false);
    }

    /// <summary>The usage record of a stream, from what its events reported.</summary>
    public static UsageRecord Tallied(UsageRecord record, StreamTally tally) => record with
    {
        Status = 200,
        Tokens = tally.Usage ?? default,
        TimeToFirstTokenMs = tally.TimeToFirstEvent?.TotalMilliseconds,
        ErrorClass = tally.ErrorClass ?? (tally.Finished ? null : "stream_unfinished"),
    };
}
