using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using LlmGateway.Json;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// Sanitised tool schemas remembered by their source bytes. Agents (Claude Code, Codex, Gemini CLI) send the same
/// tool list on every turn of a conversation, so a tool's schema is sanitised once and then copied: a lookup hashes
/// and compares the source bytes instead of reading and rewriting the schema. Bounded: at most
/// <see cref="MaxEntries"/> schemas of at most <see cref="MaxSchemaBytes"/> each; when full it starts over.
/// Only for the gateway's own writer options (the sanitised bytes depend on the writer's escaping).
/// </summary>
internal static partial class GeminiSchema
{
    private const int MaxEntries = 256;
    private const int MaxSchemaBytes = 16 * 1024;

    private static readonly ConcurrentDictionary<byte[], byte[]> Sanitised = new(SchemaBytesComparer.Instance);
    private static readonly ConcurrentDictionary<byte[], byte[]>.AlternateLookup<ReadOnlySpan<byte>> SanitisedBySpan =
        Sanitised.GetAlternateLookup<ReadOnlySpan<byte>>();

    private static int _sanitisedCount;

    /// <summary>
    /// <see cref="WriteParameters"/> through the cache when the writer is the gateway's kind; false when it is not
    /// (or the schema is too big to keep), and nothing was written.
    /// </summary>
    private static bool TryWriteParametersCached(Utf8JsonWriter writer, ReadOnlySpan<byte> schema)
    {
        var options = writer.Options;
        if (options.Indented || !ReferenceEquals(options.Encoder, JsonDefaults.Writer.Encoder) || schema.Length > MaxSchemaBytes)
        {
            return false;
        }

        if (!SanitisedBySpan.TryGetValue(schema, out var sanitised))
        {
            sanitised = SanitiseParameters(schema);
            if (Interlocked.Increment(ref _sanitisedCount) > MaxEntries)
            {
                Sanitised.Clear();
                Interlocked.Exchange(ref _sanitisedCount, 1);
            }

            SanitisedBySpan.TryAdd(schema, sanitised);
        }

        if (sanitised.Length > 0)
        {
            writer.WritePropertyName("parameters"u8);
            writer.WriteRawValue(sanitised, skipInputValidation: true);
        }

        return true;
    }

    /// <summary>The sanitised schema's bytes, written as the gateway writes; empty when it declares nothing.</summary>
    private static byte[] SanitiseParameters(ReadOnlySpan<byte> schema)
    {
        var context = Utf8Context.Start();
        try
        {
            var tape = context.Read(schema);
            if (DeclaresNothing(tape, context))
            {
                return [];
            }

            var buffer = new ArrayBufferWriter<byte>(schema.Length + 64);
            using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
            {
                WriteNode(writer, tape, 0, context, 0);
            }

            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            context.Finish();
        }
    }

    /// <summary>Schema bytes compared by content, looked up by span without a copy.</summary>
    private sealed class SchemaBytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static SchemaBytesComparer Instance { get; } = new();

        public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = default(HashCode);
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
