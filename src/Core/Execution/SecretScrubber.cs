using System.Text;

namespace LlmGateway.Execution;

/// <summary>Removes an upstream key from text an upstream sent back (some echo the key, whole or in part).</summary>
internal static class SecretScrubber
{
    private const int MinimumPartLength = 8;

    public static byte[] Scrub(ReadOnlySpan<byte> body, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return body.ToArray();
        }

        var text = Encoding.UTF8.GetString(body);
        var scrubbed = text.Replace(secret, "***", StringComparison.Ordinal);

        // Also the key's tail, which some upstreams echo in masked form ("sk-...wxyz1234").
        if (secret.Length >= MinimumPartLength * 2)
        {
            scrubbed = scrubbed.Replace(secret[^MinimumPartLength..], "***", StringComparison.Ordinal);
        }

        return ReferenceEquals(scrubbed, text) ? body.ToArray() : Encoding.UTF8.GetBytes(scrubbed);
    }
}
