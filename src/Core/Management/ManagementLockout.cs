using System.Collections.Concurrent;

namespace LlmGateway.Management;

/// <summary>
/// Refuses a client after <see cref="MaxFailures"/> wrong management keys within <see cref="Window"/>, for
/// <see cref="LockDuration"/>. Clients are told apart by the connection's remote address: behind a proxy or the
/// Functions host that is the front end's address, so all callers share one count (a refinement would trust
/// <c>X-Forwarded-For</c> from a known front end only — never blindly, since a client can send any value). A
/// success does not clear earlier failures: interleaving a known key with guesses would otherwise grant unlimited
/// guesses to anyone holding it — and such a caller needs none. Per instance, in memory, on the injected clock.
/// </summary>
internal sealed class ManagementLockout(TimeProvider timeProvider)
{
    public const int MaxFailures = 5;

    /// <summary>More clients than this and stale entries are dropped; if all are live, new clients share one entry.</summary>
    internal const int MaxTracked = 10_000;

    private const string Overflow = "(overflow)";

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, Entry> _clients = new(StringComparer.Ordinal);

    /// <summary>When the client's lockout ends, or null when it is not locked out.</summary>
    public DateTimeOffset? LockedUntil(string client)
    {
        if (!_clients.TryGetValue(client, out var entry) && !_clients.TryGetValue(Overflow, out entry))
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        lock (entry)
        {
            return entry.LockedUntil is { } until && until > now ? until : null;
        }
    }

    /// <summary>Counts a wrong key; returns when the client is now locked out until, or null while it may still try.</summary>
    public DateTimeOffset? RecordFailure(string client)
    {
        var now = timeProvider.GetUtcNow();
        var entry = Track(client, now);
        lock (entry)
        {
            if (entry.LockedUntil is { } until && until > now)
            {
                return until;
            }

            entry.LockedUntil = null;
            entry.Failures.Enqueue(now);
            while (entry.Failures.Peek() <= now - Window)
            {
                entry.Failures.Dequeue();
            }

            if (entry.Failures.Count < MaxFailures)
            {
                return null;
            }

            entry.Failures.Clear();
            entry.LockedUntil = now + LockDuration;
            return entry.LockedUntil;
        }
    }

    private Entry Track(string client, DateTimeOffset now)
    {
        if (_clients.TryGetValue(client, out var existing))
        {
            return existing;
        }

        if (_clients.Count >= MaxTracked)
        {
            Prune(now);
            if (_clients.Count >= MaxTracked)
            {
                return _clients.GetOrAdd(Overflow, static _ => new Entry());
            }
        }

        return _clients.GetOrAdd(client, static _ => new Entry());
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (client, entry) in _clients)
        {
            lock (entry)
            {
                var locked = entry.LockedUntil is { } until && until > now;
                var recent = entry.Failures.Count > 0 && entry.Failures.Max() > now - Window;
                if (!locked && !recent)
                {
                    _clients.TryRemove(client, out _);
                }
            }
        }
    }

    private sealed class Entry
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
