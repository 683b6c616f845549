using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Providers;
using LlmGateway.Providers.AzureOpenAI;
using LlmGateway.Routing;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Embeddings;

/// <summary>Serving one target: relayed (OpenAI-compatible, Azure OpenAI), translated (Gemini) or made up (mock).</summary>
internal sealed partial class EmbeddingsExecutor
{
    /// <summary>The client's body with the model rewritten, to <c>{base}/embeddings</c> (Azure: the deployment's URL); the answer as it came.</summary>
    private async Task<UsageRecord?> RelayAsync(Exchange exchange, UpstreamProvider provider, ModelTarget target, UsageRecord record)
    {
        var upstreamModel = provider.UpstreamModel(target.Model);
        var uri = provider.Dialect is AzureOpenAIDialect
            ? AzureOpenAIDialect.EmbeddingsUri(provider, upstreamModel)
            : new Uri(provider.BaseUri!, "embeddings");
        using var body = ChatRequestRewriter.Rewrite(exchange.Body, exchange.Root, upstreamModel, includeUsage: false);
        using var sent = await SendAsync(exchange, provider, target.Model, uri, body.Memory).ConfigureAwait(false);
        if (sent.Fault is { } fault)
        {
            return await WriteFailureAsync(exchange.Context, fault, record).ConfigureAwait(false);
        }

        if (sent.Answer is not { } answer)
        {
            return null;
        }

        var response = exchange.Context.Response;
        _headers.Copy(sent.Call!.Response, response);
        ResponseHead.Set(response, StatusCodes.Status200OK, sent.Call.Response.Content.Headers.ContentType?.ToString() ?? "application/json", answer.Length);
        await response.Body.WriteAsync(answer.Memory, exchange.Context.RequestAborted).ConfigureAwait(false);
        return record with { Status = 200, Tokens = new TokenUsage(EmbeddingsResponse.PromptTokensOf(answer.Span), 0, 0, 0) };
    }

    /// <summary>One string → <c>embedContent</c>; an array → <c>batchEmbedContents</c> in batches of 100; the vectors in OpenAI's shape.</summary>
    private async Task<UsageRecord?> GeminiAsync(Exchange exchange, UpstreamProvider provider, ModelTarget target, UsageRecord record)
    {
        var request = exchange.Request;
        Check(request, provider);
        var model = provider.UpstreamModel(target.Model);
        var batch = !request.Single;
        var vectors = new List<float[]>(request.Texts.Count);
        for (var start = 0; start < request.Texts.Count; start += GeminiEmbeddings.BatchSize)
        {
            var count = Math.Min(GeminiEmbeddings.BatchSize, request.Texts.Count - start);
            var body = batch
                ? GeminiEmbeddings.EncodeBatch(model, request.Texts, start, count, request.Dimensions)
                : GeminiEmbeddings.EncodeSingle(model, request.Texts[0], request.Dimensions);
            using var sent = await SendAsync(exchange, provider, target.Model, GeminiEmbeddings.Uri(provider, model, batch), body).ConfigureAwait(false);
            if (sent.Fault is { } fault)
            {
                return await WriteFailureAsync(exchange.Context, fault, record).ConfigureAwait(false);
            }

            if (sent.Answer is not { } answer)
            {
                return null;
            }

            GeminiEmbeddings.Decode(answer.Span, batch, count, provider.Name, vectors);
            _headers.Copy(sent.Call!.Response, exchange.Context.Response);
        }

        return await WriteAsync(exchange, vectors, model, record).ConfigureAwait(false);
    }

    /// <summary>Deterministic vectors of <c>dimensions</c> (default the provider's <c>EmbeddingDimensions</c>), no network.</summary>
    private async Task<UsageRecord?> MockAsync(Exchange exchange, UpstreamProvider provider, ModelTarget target, UsageRecord record)
    {
        var request = exchange.Request;
        Check(request, provider);
        var dimensions = request.Dimensions ?? provider.Options.EmbeddingDimensions;
        if (dimensions > MockEmbeddings.MaxDimensions)
        {
            throw new GatewayErrorException(GatewayError.Unsupported("dimensions", Describe(provider), $"it makes at most {MockEmbeddings.MaxDimensions} dimensions"));
        }

        exchange.Run.Attempts++;
        var vectors = request.Texts.Select(text => MockEmbeddings.For(text, dimensions)).ToList();
        return await WriteAsync(exchange, vectors, target.Model, record).ConfigureAwait(false);
    }

    /// <summary>What only an OpenAI-compatible upstream honours: token-id input and fields the gateway does not know.</summary>
    private static void Check(EmbeddingsRequest request, UpstreamProvider provider)
    {
        if (request.TokenIds)
        {
            throw new GatewayErrorException(GatewayError.Unsupported("input", Describe(provider), "it embeds text, and token ids need OpenAI's own tokenizer"));
        }

        if (request.OtherFields.Count > 0)
        {
            throw new GatewayErrorException(GatewayError.Unsupported(request.OtherFields[0], Describe(provider), "it has no such embeddings option"));
        }
    }

    private static string Describe(UpstreamProvider provider) => $"provider '{provider.Name}' (type {provider.Type})";

    /// <summary>Writes vectors the gateway holds; usage is the local estimate (Gemini reports none for embeddings).</summary>
    private static async Task<UsageRecord> WriteAsync(Exchange exchange, List<float[]> vectors, string model, UsageRecord record)
    {
        long tokens = 0;
        foreach (var text in exchange.Request.Texts)
        {
            tokens += TokenEstimator.EstimateText(text);
        }

        using var output = new PooledBuffer(256 + (vectors.Sum(v => v.Length) * (exchange.Request.Base64 ? 6 : 12)));
        EmbeddingsResponse.Write(output, vectors, exchange.Request.Base64, model, tokens);
        var response = exchange.Context.Response;
        ResponseHead.Set(response, StatusCodes.Status200OK, "application/json", output.Length);
        await response.Body.WriteAsync(output.Memory, exchange.Context.RequestAborted).ConfigureAwait(false);
        return record with { Status = 200, Tokens = new TokenUsage(tokens, 0, 0, 0) };
    }

    /// <summary>
    /// One upstream call on the current target's credentials, as chat does it: a credential chosen by the selector,
    /// each failure classified by the health policy (request faults returned at once; others cool the credential down
    /// and the next one is tried, within the target's <c>Retry:MaxAttempts</c>). Nothing when no credential is left.
    /// </summary>
    private async Task<Sent> SendAsync(Exchange exchange, UpstreamProvider provider, string model, Uri uri, ReadOnlyMemory<byte> body)
    {
        var run = exchange.Run;
        List<string>? tried = null;
        while (run.Left[run.Target] > 0)
        {
            var choice = selector.Select(provider.Name, model, null, tried);
            if (choice.Credential is not { } credential)
            {
                run.Earliest = run.Earliest is null || (choice.RetryAt is { } retryAt && retryAt < run.Earliest) ? choice.RetryAt : run.Earliest;
                return Sent.Nothing;
            }

            (tried ??= new List<string>(2)).Add(credential.Id);
            run.Attempts++;
            run.CredentialId = credential.Id;
            var (sent, failure) = await AttemptAsync(exchange, provider, credential, model, uri, body).ConfigureAwait(false);
            if (sent is not null)
            {
                return sent;
            }

            run.Last = failure;
            run.Left[run.Target]--;
        }

        return Sent.Nothing;
    }

    private async Task<(Sent? Sent, AttemptFailure? Failure)> AttemptAsync(
        Exchange exchange, UpstreamProvider provider, Credentials.UpstreamCredential credential, string model, Uri uri, ReadOnlyMemory<byte> body)
    {
        UpstreamCall call;
        try
        {
            call = await upstreamClient.SendAsync(provider, credential, uri, body, false, null, exchange.Context.RequestAborted).ConfigureAwait(false);
        }
        catch (GatewayErrorException ex) when (ex.Error.Code is UpstreamClient.UnreachableCode or UpstreamClient.TimeoutCode)
        {
            health.OnTransportFailure(credential, model, ex.Error);
            return (null, new AttemptFailure(ex.Error));
        }

        var keep = false;
        try
        {
            if (!call.Response.IsSuccessStatusCode)
            {
                var failure = await UpstreamFailure.ReadAsync(call, timeProvider).ConfigureAwait(false);
                LogUpstreamFailure(logger, provider.Name, credential.Id, model, failure.Status);
                var translated = provider.Dialect!.TranslateError(failure, provider.Name);
                var passThrough = provider.Format == WireFormat.OpenAIChat;
                var attemptFailure = new AttemptFailure(passThrough ? failure.ToGatewayError(provider.Name) : translated, failure, passThrough);
                return health.OnFailure(credential, model, failure, translated) == FailureVerdict.RequestFault
                    ? (new Sent(null, null, attemptFailure), null)
                    : (null, attemptFailure);
            }

            health.OnSuccess(credential, model);
            PooledBuffer answer;
            try
            {
                answer = await UpstreamBody.ReadAsync(call, ChatExecutor.MaxResponseBytes).ConfigureAwait(false);
            }
            catch (GatewayErrorException ex) when (ex.Error.Code is UpstreamClient.TimeoutCode or UpstreamBody.BrokenCode)
            {
                health.OnTransportFailure(credential, model, ex.Error);
                return (null, new AttemptFailure(ex.Error));
            }

            keep = true;
            return (new Sent(call, answer, null), null);
        }
        finally
        {
            if (!keep)
            {
                call.Dispose();
            }
        }
    }

    /// <summary>An upstream call's outcome: its answer (the call kept open for its headers), a request fault to show as is, or nothing.</summary>
    private sealed class Sent(UpstreamCall? call, PooledBuffer? answer, AttemptFailure? fault) : IDisposable
    {
        public static readonly Sent Nothing = new(null, null, null);

        public UpstreamCall? Call { get; } = call;

        public PooledBuffer? Answer { get; } = answer;

        public AttemptFailure? Fault { get; } = fault;

        public void Dispose()
        {
            Answer?.Dispose();
            Call?.Dispose();
        }
    }
}
