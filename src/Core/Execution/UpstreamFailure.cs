using System.Globalization;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Translation;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Execution;

/// <summary>An upstream's non-success answer, read and scrubbed of the key, ready to pass on to the client.</summary>
internal sealed class UpstreamFailure
{
    private const int MaxErrorBody = 1024 * 1024;

    private UpstreamFailure(int status, byte[] body, bool isJsonError, TimeSpan? retryAfter, TimeSpan? rateLimitReset)
    {
        Status = status;
        Body = body;
        IsJsonError = isJsonError;
        RetryAfter = retryAfter;
        RateLimitReset = rateLimitReset;
    }

    public int Status { get; }

    /// <summary>The upstream's body with the credential removed.</summary>
    public byte[] Body { get; }

    /// <summary>True when <see cref="Body"/> is a JSON object with an <c>error</c> member (OpenAI's shape).</summary>
    public bool IsJsonError { get; }

    /// <summary>From <c>retry-after-ms</c> or <c>Retry-After</c> (seconds or HTTP date); from Gemini, its body's <c>google.rpc.RetryInfo</c>.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>On a 429, when the upstream's rate-limit window resets (from its <c>*-ratelimit-*-reset</c> headers).</summary>
    public TimeSpan? RateLimitReset { get; }

    /// <summary>How long the upstream asked to be left alone: its retry delay, else its rate-limit reset.</summary>
    public TimeSpan? CooldownHint => RetryAfter ?? RateLimitReset;

    public static async Task<UpstreamFailure> ReadAsync(UpstreamCall call, TimeProvider timeProvider)
    {
        byte[] body;
        try
        {
            using var buffer = await UpstreamBody.ReadAsync(call, MaxErrorBody).ConfigureAwait(false);
            body = SecretScrubber.Scrub(buffer.Span, call.Credential.Secret);
        }
        catch (GatewayErrorException)
        {
            body = [];
        }

        var status = (int)call.Response.StatusCode;
        var reset = status == StatusCodes.Status429TooManyRequests ? Execution.RateLimitReset.Read(call.Response.Headers, timeProvider.GetUtcNow()) : null;
        return new UpstreamFailure(status, body, HasErrorMember(body), ReadRetryAfter(call.Response, timeProvider) ?? ReadRetryInfo(call, status, body), reset);
    }

    /// <summary>The failure as the gateway's own error, for bodies not in OpenAI's shape (HTML, plain text).</summary>
    public GatewayError ToGatewayError(string provider)
    {
        var text = System.Text.Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 500))).Trim();
        var message = text.Length == 0
            ? $"Upstream '{provider}' answered HTTP {Status}."
            : $"Upstream '{provider}' answered HTTP {Status}: {text}";
        return new GatewayError(Status, "upstream_error", message) { RetryAfterSeconds = RetryAfterSeconds };
    }

    /// <summary>Relays the failure as the upstream sent it: status, <c>Retry-After</c>, and the scrubbed body (same-format clients).</summary>
    public async Task WriteRawAsync(HttpContext context)
    {
        var response = context.Response;
        ResponseHead.Set(response, Status, "application/json", retryAfterSeconds: RetryAfterSeconds);

        await response.Body.WriteAsync(Body, context.RequestAborted).ConfigureAwait(false);
    }

    public int? RetryAfterSeconds => RetryAfter is { } delay ? (int)Math.Ceiling(Math.Max(0, delay.TotalSeconds)) : null;

    private static bool HasErrorMember(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Google sends no <c>Retry-After</c> header: a Gemini upstream's delay is the <c>RetryInfo</c> detail of its error body.</summary>
    private static TimeSpan? ReadRetryInfo(UpstreamCall call, int status, byte[] body) =>
        call.Provider.Format == WireFormat.Gemini && GeminiErrors.FromGemini(status, body).RetryAfterSeconds is { } seconds
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var delay = date - timeProvider.GetUtcNow();
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }
}
