using System.Collections.Concurrent;
using Azure.Core;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>A credential that hands out one fixed token and records what it was asked for (scopes, tenant).</summary>
public sealed class FakeTokenCredential(string token) : TokenCredential
{
    private readonly ConcurrentQueue<TokenRequestContext> _requests = new();

    public IReadOnlyList<TokenRequestContext> Requests => _requests.ToArray();

    /// <summary>How long each token is valid (default one hour).</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The clock expiry times are measured on (default: the system clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>When set, every request for a token throws it (the identity is unavailable).</summary>
    public Exception? Failure { get; set; }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        _requests.Enqueue(requestContext);
        if (Failure is { } failure)
        {
            throw failure;
        }

        return new AccessToken(token, Clock.GetUtcNow() + Lifetime);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
