using System.Globalization;
using LlmGateway.Credentials;
using LlmGateway.Http;
using LlmGateway.Providers;
using LlmGateway.Routing;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Execution;

/// <summary>
/// The retry loop: up to <c>Retry:MaxAttempts</c> credentials per target, targets in fallback order, all before
/// the client sees a byte. Credentials that are cooling down are skipped; when none is left and one comes back
/// within the wait budget (<c>Retry:MaxWaitSeconds</c>), the request waits for it. Request faults are answered
/// at once. When nothing can serve: 429 with the earliest time a credential is back if every one is cooling down
/// and the last failure was a 429 (or nothing could be tried), else the last upstream error.
/// </summary>
internal sealed partial class ChatExecutor
{
    private const int MaxPasses = 64;

    private async Task<UsageRecord> RunAsync(Exchange exchange, IReadOnlyList<ModelTarget> targets, UsageRecord record)
    {
        var attemptsLeft = new int[targets.Count];
        Array.Fill(attemptsLeft, Math.Max(1, _options.Retry.MaxAttempts));
        var waitBudget = TimeSpan.FromSeconds(_options.Retry.MaxWaitSeconds);
        AttemptFailure? last = null;
        for (var pass = 0; ; pass++)
        {
            // earliest: when a target that still has attempts can try again (worth waiting for); exhausted: when
            // every credential of a target out of attempts is cooling, the time the first is back (for the answer).
            DateTimeOffset? earliest = null;
            DateTimeOffset? exhausted = null;
            for (var t = 0; t < targets.Count; t++)
            {
                var target = targets[t];
                var provider = providers.Get(target.Provider);
                record = record with { Provider = provider.Name, ModelServed = target.Model };
                if (provider.IsMock)
                {
                    return await MockAsync(exchange, provider, target, record).ConfigureAwait(false);
                }

                var canonical = provider.Format == exchange.Surface.Format ? null : exchange.CanonicalFor(provider);
                PooledBuffer? upstreamBody = null;
                var encoded = false;
                List<string>? tried = null;
                try
                {
                    while (true)
                    {
                        if (attemptsLeft[t] == 0)
                        {
                            exhausted = Earlier(exhausted, selector.NextUsable(provider.Name, target.Model));
                            break;
                        }

                        var choice = selector.Select(provider.Name, target.Model, exchange.Session, tried);
                        if (choice.Credential is not { } credential)
                        {
                            earliest = Earlier(earliest, choice.RetryAt);
                            break;
                        }

                        if (!encoded)
                        {
                            var upstreamModel = provider.UpstreamModel(target.Model);
                            upstreamBody = canonical is null ? exchange.Surface.Rewrite(exchange.Inbound, upstreamModel) : Encode(canonical, provider, upstreamModel);
                            encoded = true;
                        }

                        attemptsLeft[t]--;
                        (tried ??= new List<string>(2)).Add(credential.Id);
                        record = record with { CredentialId = credential.Id, Attempts = record.Attempts + 1 };
                        var (answered, failure) = await AttemptAsync(exchange, provider, credential, target, canonical, upstreamBody?.Memory ?? exchange.Inbound.Body, record)
                            .ConfigureAwait(false);
                        if (answered is not null)
                        {
                            return answered;
                        }

                        last = failure;
                    }
                }
                finally
                {
                    upstreamBody?.Dispose();
                }
            }

            if (earliest is { } at && attemptsLeft.Any(a => a > 0) && pass < MaxPasses)
            {
                var wait = at - timeProvider.GetUtcNow();
                if (wait <= waitBudget)
                {
                    wait = wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
                    waitBudget -= wait;
                    LogWaiting(logger, exchange.Inbound.Basics.Model, wait.TotalMilliseconds);
                    await Task.Delay(wait, timeProvider, exchange.Aborted).ConfigureAwait(false);
                    continue;
                }
            }

            return await GiveUpAsync(exchange, last, Earlier(earliest, exhausted), record).ConfigureAwait(false);
        }
    }

    private async Task<(UsageRecord? Answered, AttemptFailure? Failure)> AttemptAsync(
        Exchange exchange, UpstreamProvider provider, UpstreamCredential credential, ModelTarget target, CanonicalRequest? canonical, ReadOnlyMemory<byte> body, UsageRecord record)
    {
        var dialect = provider.Dialect!;
        var passThrough = canonical is null;
        var upstreamModel = provider.UpstreamModel(target.Model);
        var uri = UpstreamUri.Rebase(
            (passThrough ? exchange.Surface.PassThroughUri(provider, upstreamModel) : null) ?? dialect.ChatUri(provider, upstreamModel, exchange.Stream),
            provider.BaseUri,
            credential.BaseUri);
        UpstreamCall call;
        try
        {
            call = await upstreamClient.SendAsync(
                provider, credential, uri, body, exchange.Stream,
                passThrough ? exchange.Surface.ForwardedHeaders(exchange.Context.Request) : null, exchange.Aborted).ConfigureAwait(false);
        }
        catch (GatewayErrorException ex) when (ex.Error.Code is UpstreamClient.UnreachableCode or UpstreamClient.TimeoutCode)
        {
            health.OnTransportFailure(credential, target.Model, ex.Error);
            return (null, new AttemptFailure(ex.Error));
        }

        using (call)
        {
            if (!call.Response.IsSuccessStatusCode)
            {
                var failure = await UpstreamFailure.ReadAsync(call, timeProvider).ConfigureAwait(false);
                LogUpstreamFailure(logger, provider.Name, credential.Id, target.Model, failure.Status);
                var translated = dialect.TranslateError(failure, provider.Name);
                var attemptFailure = new AttemptFailure(passThrough ? failure.ToGatewayError(provider.Name) : translated, failure, passThrough, translated.Message);
                if (health.OnFailure(credential, target.Model, failure, translated) == FailureVerdict.RequestFault)
                {
                    return (await WriteFailureAsync(exchange, attemptFailure, record).ConfigureAwait(false), null);
                }

                return (null, attemptFailure);
            }

            health.OnSuccess(credential, target.Model);
            try
            {
                return (exchange.Stream
                    ? await StreamAsync(exchange, call, canonical, record).ConfigureAwait(false)
                    : await AnswerAsync(exchange, call, canonical, record).ConfigureAwait(false), null);
            }
            catch (RetryableException ex)
            {
                health.OnTransportFailure(credential, target.Model, ex.Error);
                return (null, new AttemptFailure(ex.Error));
            }
        }
    }

    /// <summary>Nothing served the request: the last upstream error, or 429 until the first credential is back.</summary>
    private async Task<UsageRecord> GiveUpAsync(Exchange exchange, AttemptFailure? last, DateTimeOffset? earliest, UsageRecord record)
    {
        if (earliest is { } at && (last is null || last.Upstream?.Status == StatusCodes.Status429TooManyRequests))
        {
            throw new GatewayErrorException(AllCoolingDown(exchange.Inbound.Basics.Model, at, last?.UpstreamMessage));
        }

        if (last is null)
        {
            throw new GatewayErrorException(new GatewayError(StatusCodes.Status503ServiceUnavailable, "no_credential",
                $"No credential may serve the model '{exchange.Inbound.Basics.Model}' (each one excludes it or is limited to other models)."));
        }

        if (last.Upstream is null)
        {
            throw new GatewayErrorException(last.Error);
        }

        return await WriteFailureAsync(exchange, last, record).ConfigureAwait(false);
    }

    private async Task<UsageRecord> WriteFailureAsync(Exchange exchange, AttemptFailure failure, UsageRecord record)
    {
        await exchange.BeforeBodyAsync().ConfigureAwait(false);
        var upstream = failure.Upstream!;
        await (failure.PassThrough && upstream.IsJsonError
            ? upstream.WriteRawAsync(exchange.Context)
            : exchange.Surface.WriteError(exchange.Context, failure.Error)).ConfigureAwait(false);
        return record with { Status = upstream.Status, ErrorClass = "upstream_" + upstream.Status.ToString(CultureInfo.InvariantCulture) };
    }

    private GatewayError AllCoolingDown(string model, DateTimeOffset retryAt, string? upstreamMessage)
    {
        var seconds = (int)Math.Ceiling(Math.Max(1, (retryAt - timeProvider.GetUtcNow()).TotalSeconds));
        var lastError = string.IsNullOrWhiteSpace(upstreamMessage) ? "" : $" The upstream's last answer: {upstreamMessage}";
        return new GatewayError(StatusCodes.Status429TooManyRequests, "all_credentials_cooling_down",
            $"Every credential that serves '{model}' is cooling down; the first is usable again at {retryAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (in {seconds} s).{lastError}")
        { RetryAfterSeconds = seconds };
    }

    private static PooledBuffer Encode(CanonicalRequest canonical, UpstreamProvider provider, string upstreamModel)
    {
        var buffer = new PooledBuffer(4096);
        try
        {
            provider.Dialect!.EncodeRequest(canonical, upstreamModel, provider, buffer);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Upstream {Provider} (credential {CredentialId}) answered {Status} for model {Model}")]
    private static partial void LogUpstreamFailure(ILogger logger, string provider, string credentialId, string model, int status);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Every credential for {Model} is cooling down; waiting {Milliseconds} ms for the first to come back")]
    private static partial void LogWaiting(ILogger logger, string model, double milliseconds);
}
