using LlmGateway.Hosting;
using LlmGateway.Http;
using LlmGateway.Providers;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Execution;

/// <summary>Auxiliary calls (count tokens) relayed as they came, and stream usage records.</summary>
internal sealed partial class ChatExecutor
{
    /// <summary>
    /// An auxiliary call (count tokens) forwarded to the model's upstream and its answer relayed as it came. Any
    /// credential will do, cooling or not, and the outcome never changes a credential's health.
    /// </summary>
    public async Task ForwardAuxiliaryAsync(HttpContext context, UpstreamProvider provider, string model, Uri uri, ReadOnlyMemory<byte> body, IHeaderDictionary? clientHeaders, ErrorWriter writeError)
    {
        var credential = selector.Select(provider.Name, model).Credential ?? selector.Any(provider.Name);
        uri = UpstreamUri.Rebase(uri, provider.BaseUri, credential.BaseUri);
        using var call = await upstreamClient.SendAsync(provider, credential, uri, body, false, clientHeaders, context.RequestAborted).ConfigureAwait(false);
        if (!call.Response.IsSuccessStatusCode)
        {
            var failure = await UpstreamFailure.ReadAsync(call, timeProvider).ConfigureAwait(false);
            await (failure.IsJsonError ? failure.WriteRawAsync(context) : writeError(context, failure.ToGatewayError(provider.Name))).ConfigureAwait(false);
            return;
        }

        using var answer = await UpstreamBody.ReadAsync(call, MaxResponseBytes).ConfigureAwait(false);
        ResponseHead.Set(context.Response, StatusCodes.Status200OK, call.Response.Content.Headers.ContentType?.ToString() ?? "application/json", answer.Length);
        await context.Response.Body.WriteAsync(answer.Memory, context.RequestAborted).ConfigureAwait(false);
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
