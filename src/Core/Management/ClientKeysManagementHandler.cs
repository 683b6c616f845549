using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using LlmGateway.Auth;
using LlmGateway.Http;
using LlmGateway.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Management;

/// <summary>
/// <c>/v0/management/keys</c>: managed client keys. A new key (<c>sk-gw-</c> + 32 random bytes, base64url) is
/// returned once, in the answer that creates it; only its SHA-256 is stored. <c>DELETE</c> revokes (the record stays,
/// so usage and history still name it); a revoked or expired key is refused with 401 from then on.
/// </summary>
internal sealed partial class ClientKeysManagementHandler(IClientKeyStore store, TimeProvider timeProvider, ILogger<ClientKeysManagementHandler> logger)
{
    public const string KeyPrefix = "sk-gw-";
    private const int MaxBodyBytes = 64 * 1024;

    public async Task ListAsync(HttpContext context)
    {
        var now = timeProvider.GetUtcNow();
        var keys = await store.ListAsync(context.RequestAborted).ConfigureAwait(false);
        await ManagementResponses.WriteAsync(context, new ManagementList<ClientKeyView>([.. keys.Select(k => ClientKeyView.From(k, now))]),
            JsonDefaults.Context.ManagementListClientKeyView).ConfigureAwait(false);
    }

    public async Task CreateAsync(HttpContext context)
    {
        var now = timeProvider.GetUtcNow();
        var changes = await ReadChangesAsync(context, now).ConfigureAwait(false);
        var secret = NewKey();
        var key = changes.ApplyTo(new StoredClientKey
        {
            Id = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Hash = Hash(secret),
            Prefix = secret[..12] + "…",
            Created = now,
        });
        await store.SaveAsync(key, context.RequestAborted).ConfigureAwait(false);
        LogCreated(logger, key.Id);
        context.Response.Headers.Location = "/v0/management/keys/" + Uri.EscapeDataString(key.Id);
        await ManagementResponses.WriteAsync(context, ClientKeyView.From(key, now, secret), JsonDefaults.Context.ClientKeyView, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    public async Task GetAsync(HttpContext context, string id)
    {
        var key = await FindAsync(id, context.RequestAborted).ConfigureAwait(false);
        await ManagementResponses.WriteAsync(context, ClientKeyView.From(key, timeProvider.GetUtcNow()), JsonDefaults.Context.ClientKeyView).ConfigureAwait(false);
    }

    public async Task UpdateAsync(HttpContext context, string id)
    {
        var now = timeProvider.GetUtcNow();
        var changes = await ReadChangesAsync(context, now).ConfigureAwait(false);
        var key = changes.ApplyTo(await FindAsync(id, context.RequestAborted).ConfigureAwait(false));
        if (!await store.UpdateAsync(key, context.RequestAborted).ConfigureAwait(false))
        {
            throw NotFound(id);
        }

        LogUpdated(logger, id);
        await ManagementResponses.WriteAsync(context, ClientKeyView.From(key, now), JsonDefaults.Context.ClientKeyView).ConfigureAwait(false);
    }

    /// <summary>Revokes the key now; revoking again keeps the first revocation time.</summary>
    public async Task RevokeAsync(HttpContext context, string id)
    {
        var now = timeProvider.GetUtcNow();
        var key = await FindAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (key.Revoked is null)
        {
            key = key with { Revoked = now };
            if (!await store.UpdateAsync(key, context.RequestAborted).ConfigureAwait(false))
            {
                throw NotFound(id);
            }

            LogRevoked(logger, id);
        }

        await ManagementResponses.WriteAsync(context, ClientKeyView.From(key, now), JsonDefaults.Context.ClientKeyView).ConfigureAwait(false);
    }

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes, as <see cref="ClientKeyAuthenticator"/> looks keys up.</summary>
    internal static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    internal static string NewKey() => KeyPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private async Task<StoredClientKey> FindAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);

    private static GatewayErrorException NotFound(string id) =>
        ManagementResponses.NotFound("key_not_found", $"There is no client key '{id}'; GET /v0/management/keys lists them.");

    private static async Task<ClientKeyChanges> ReadChangesAsync(HttpContext context, DateTimeOffset now)
    {
        using var body = await RequestBodyReader.ReadAsync(context, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        return ClientKeyChanges.Parse(body.Memory, now);
    }

    [LoggerMessage(EventId = 5040, Level = LogLevel.Information, Message = "Client key {KeyId} created through the management API")]
    private static partial void LogCreated(ILogger logger, string keyId);

    [LoggerMessage(EventId = 5041, Level = LogLevel.Information, Message = "Client key {KeyId} updated through the management API")]
    private static partial void LogUpdated(ILogger logger, string keyId);

    [LoggerMessage(EventId = 5042, Level = LogLevel.Information, Message = "Client key {KeyId} revoked through the management API")]
    private static partial void LogRevoked(ILogger logger, string keyId);
}
