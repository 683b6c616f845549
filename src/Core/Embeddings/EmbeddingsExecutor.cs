using System.Globalization;
using LlmGateway.Auth;
using LlmGateway.Configuration;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Providers;
using LlmGateway.Routing;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Embeddings;

/// <summary>
/// <c>POST /v1/embeddings</c>. The model resolves as for chat (aliases, fallbacks); each target is served by its
/// upstream type: <c>openai</c> and <c>azure-openai</c> get the body as it came with the model rewritten and their
/// answer is relayed byte for byte; <c>gemini</c> gets <c>embedContent</c>/<c>batchEmbedContents</c> and its answer
/// comes back in OpenAI's shape; <c>mock</c> answers deterministic vectors; <c>anthropic</c> has no embeddings API
/// (400). Credentials are chosen, retried and cooled down exactly as for chat (<see cref="CredentialSelector"/>,
/// <see cref="HealthPolicy"/>, <c>Retry:*</c>), and every request leaves a usage record (endpoint <c>embeddings</c>).
/// </summary>
internal sealed partial class EmbeddingsExecutor(
    IOptions<GatewayOptions> options,
    ChatExecutor chat,
    ProviderRegistry providers,
    CredentialSelector selector,
    HealthPolicy health,
    UpstreamClient upstreamClient,
    IUsageSink usage,
    TimeProvider timeProvider,
    ILogger<EmbeddingsExecutor> logger)
{
    public const string Endpoint = "embeddings";

    private const int MaxPasses = 64;
    private readonly GatewayOptions _options = options.Value;
    private readonly ResponseHeaderForwarder _headers = new(options.Value.ForwardResponseHeaders);

    public async Task ExecuteAsync(HttpContext context, ClientIdentity client)
    {
        var started = timeProvider.GetTimestamp();
        var aborted = context.RequestAborted;
        using var body = await RequestBodyReader.ReadAsync(context, _options.MaxRequestBodyBytes, aborted).ConfigureAwait(false);
        using var document = ChatExecutor.ParseJson(body.Memory);
        var request = EmbeddingsRequest.Read(document.RootElement);
        if (!client.MayUse(request.Model))
        {
            throw new GatewayErrorException(new GatewayError(StatusCodes.Status403Forbidden, "model_not_allowed",
                $"This key may not use the model '{request.Model}'; it is limited to: {string.Join(", ", client.AllowedModels)}.", "model"));
        }

        var resolved = chat.Resolve(request.Model);
        var record = new UsageRecord
        {
            Time = timeProvider.GetUtcNow(),
            ClientKey = client.KeyName,
            Endpoint = Endpoint,
            ModelRequested = request.Model,
            Status = 0,
        };
        var exchange = new Exchange(context, request, body.Memory, document.RootElement, new Run());
        try
        {
            record = await RunAsync(exchange, Supported(request.Model, resolved), record).ConfigureAwait(false);
        }
        catch (GatewayErrorException ex)
        {
            record = record with { Status = ex.Error.Status, ErrorClass = ex.Error.Code };
            throw;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            record = record with { Status = 499, ErrorClass = "client_disconnected" };
            throw;
        }
        finally
        {
            usage.Record(record with
            {
                Attempts = exchange.Run.Attempts,
                CredentialId = exchange.Run.CredentialId,
                LatencyMs = timeProvider.GetElapsedTime(started).TotalMilliseconds,
            });
        }
    }

    /// <summary>The targets whose upstream type has an embeddings API; a 400 naming the model when none has.</summary>
    private List<(ModelTarget Target, UpstreamProvider Provider)> Supported(string model, IReadOnlyList<ModelTarget> targets)
    {
        var supported = new List<(ModelTarget, UpstreamProvider)>(targets.Count);
        foreach (var target in targets)
        {
            var provider = providers.Get(target.Provider);
            if (provider.IsMock || provider.Format == WireFormat.Gemini || provider.Type is ProviderTypes.OpenAI or ProviderTypes.AzureOpenAI)
            {
                supported.Add((target, provider));
            }
        }

        if (supported.Count == 0)
        {
            var first = providers.Get(targets[0].Provider);
            throw new GatewayErrorException(GatewayError.BadRequest(
                $"The model '{model}' is served by provider '{first.Name}' (type {first.Type}), which has no embeddings API; use a model of an openai, azure-openai, gemini or mock provider.",
                "model", "unsupported_parameter"));
        }

        return supported;
    }

    /// <summary>Targets in order, credentials within each, then a wait for a cooling credential within <c>Retry:MaxWaitSeconds</c>.</summary>
    private async Task<UsageRecord> RunAsync(Exchange exchange, List<(ModelTarget Target, UpstreamProvider Provider)> targets, UsageRecord record)
    {
        var run = exchange.Run;
        run.Left = Enumerable.Repeat(Math.Max(1, _options.Retry.MaxAttempts), targets.Count).ToArray();
        var waitBudget = TimeSpan.FromSeconds(_options.Retry.MaxWaitSeconds);
        for (var pass = 0; ; pass++)
        {
            run.Earliest = null;
            for (var t = 0; t < targets.Count; t++)
            {
                var (target, provider) = targets[t];
                record = record with { Provider = provider.Name, ModelServed = target.Model };
                run.Target = t;
                var answered = provider.IsMock
                    ? await MockAsync(exchange, provider, target, record).ConfigureAwait(false)
                    : provider.Format == WireFormat.Gemini
                        ? await GeminiAsync(exchange, provider, target, record).ConfigureAwait(false)
                        : await RelayAsync(exchange, provider, target, record).ConfigureAwait(false);
                if (answered is not null)
                {
                    return answered;
                }
            }

            if (run.Earliest is { } at && run.Left.Any(a => a > 0) && pass < MaxPasses)
            {
                var wait = at - timeProvider.GetUtcNow();
                if (wait <= waitBudget)
                {
                    wait = wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
                    waitBudget -= wait;
                    await Task.Delay(wait, timeProvider, exchange.Context.RequestAborted).ConfigureAwait(false);
                    continue;
                }
            }

            return await GiveUpAsync(exchange, record).ConfigureAwait(false);
        }
    }

    /// <summary>Nothing served the request: the last upstream error, or 429 until the first credential is back.</summary>
    private async Task<UsageRecord> GiveUpAsync(Exchange exchange, UsageRecord record)
    {
        var (last, earliest, model) = (exchange.Run.Last, exchange.Run.Earliest, exchange.Request.Model);
        if (earliest is { } at && (last is null || last.Upstream?.Status == StatusCodes.Status429TooManyRequests))
        {
            var seconds = (int)Math.Ceiling(Math.Max(1, (at - timeProvider.GetUtcNow()).TotalSeconds));
            throw new GatewayErrorException(new GatewayError(StatusCodes.Status429TooManyRequests, "all_credentials_cooling_down",
                $"Every credential that serves '{model}' is cooling down; the first is usable again at {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (in {seconds} s).")
            { RetryAfterSeconds = seconds });
        }

        if (last is null)
        {
            throw new GatewayErrorException(new GatewayError(StatusCodes.Status503ServiceUnavailable, "no_credential",
                $"No credential may serve the model '{model}' (each one excludes it)."));
        }

        return last.Upstream is null ? throw new GatewayErrorException(last.Error) : await WriteFailureAsync(exchange.Context, last, record).ConfigureAwait(false);
    }

    /// <summary>An upstream error in OpenAI's shape: as it came from an OpenAI-compatible upstream, translated from Gemini's.</summary>
    private static async Task<UsageRecord> WriteFailureAsync(HttpContext context, AttemptFailure failure, UsageRecord record)
    {
        var upstream = failure.Upstream!;
        await (failure.PassThrough && upstream.IsJsonError ? upstream.WriteRawAsync(context) : OpenAIErrors.WriteAsync(context, failure.Error)).ConfigureAwait(false);
        return record with { Status = upstream.Status, ErrorClass = "upstream_" + upstream.Status.ToString(CultureInfo.InvariantCulture) };
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Upstream {Provider} (credential {CredentialId}) answered {Status} to embeddings for model {Model}")]
    private static partial void LogUpstreamFailure(ILogger logger, string provider, string credentialId, string model, int status);

    /// <summary>One client request in flight.</summary>
    private sealed record Exchange(HttpContext Context, EmbeddingsRequest Request, ReadOnlyMemory<byte> Body, System.Text.Json.JsonElement Root, Run Run);

    /// <summary>The retry state of one request: attempts left per target, the last failure, the earliest cooling credential.</summary>
    private sealed class Run
    {
        public int[] Left { get; set; } = [];

        public int Target { get; set; }

        public int Attempts { get; set; }

        public string? CredentialId { get; set; }

        public AttemptFailure? Last { get; set; }

        public DateTimeOffset? Earliest { get; set; }
    }
}
