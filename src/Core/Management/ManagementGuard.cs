using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LlmGateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Management;

/// <summary>
/// Admits management requests: 404 when no management key is configured (the surface does not exist), 429 with
/// <c>Retry-After</c> while the caller's address is locked out (even with the right key), 401 for a missing or wrong
/// key. The key comes as <c>Authorization: Bearer</c> or <c>X-Management-Key</c> and is compared as SHA-256
/// digests in constant time. Only wrong keys count towards a lockout; a request without any key does not.
/// </summary>
internal sealed partial class ManagementGuard(ManagementKeySource keys, ManagementLockout lockout, TimeProvider timeProvider, ILogger<ManagementGuard> logger)
{
    public const string HeaderName = "X-Management-Key";

    /// <summary>Null when the request may proceed; otherwise the error to answer with.</summary>
    public GatewayError? Check(HttpContext context)
    {
        if (keys.Current is not { } expected)
        {
            return NotFound;
        }

        var client = ClientAddress(context);
        if (lockout.LockedUntil(client) is { } until)
        {
            return LockedOut(until);
        }

        if (Presented(context.Request) is not { } presented)
        {
            return new GatewayError(StatusCodes.Status401Unauthorized, "unauthorized",
                $"A management key is required: send it as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'.");
        }

        if (Matches(presented, expected))
        {
            return null;
        }

        if (lockout.RecordFailure(client) is { } lockedUntil)
        {
            LogLockedOut(logger, client, lockedUntil);
        }
        else
        {
            LogWrongKey(logger, client);
        }

        return new GatewayError(StatusCodes.Status401Unauthorized, "unauthorized", "The management key is not valid.");
    }

    /// <summary>The answer for every management route when no management key is configured.</summary>
    public static GatewayError NotFound { get; } = new(StatusCodes.Status404NotFound, "not_found", "Not found.");

    internal static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        return address?.ToString() ?? "unknown";
    }

    private GatewayError LockedOut(DateTimeOffset until)
    {
        var seconds = (int)Math.Ceiling(Math.Max(1, (until - timeProvider.GetUtcNow()).TotalSeconds));
        return new GatewayError(StatusCodes.Status429TooManyRequests, "locked_out",
            $"Too many wrong management keys from this address; try again after {until.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}.")
        {
            RetryAfterSeconds = seconds,
        };
    }

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var bearer = authorization["Bearer ".Length..].Trim();
            return bearer.Length > 0 ? bearer : null;
        }

        var header = request.Headers[HeaderName].ToString().Trim();
        return header.Length > 0 ? header : null;
    }

    /// <summary>Digests first, so the comparison takes the same time whatever the lengths and contents.</summary>
    private static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Wrong management key from {Client}")]
    private static partial void LogWrongKey(ILogger logger, string client);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Management access from {Client} locked out until {Until} after repeated wrong keys")]
    private static partial void LogLockedOut(ILogger logger, string client, DateTimeOffset until);
}
