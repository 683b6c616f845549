using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LlmGateway.Embeddings;

/// <summary>
/// The <c>mock</c> provider's embeddings: deterministic, with no network. The SHA-256 of the input's UTF-8 seeds a
/// counter-mode SHA-256 stream; each 4 bytes become a value in [-1, 1]; the vector is scaled to length 1. The same
/// text always gives the same vector (whatever the model), different texts practically never do.
/// </summary>
internal static class MockEmbeddings
{
    /// <summary>The largest <c>dimensions</c> the mock makes.</summary>
    public const int MaxDimensions = 65536;

    public static float[] For(string text, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        var vector = new float[dimensions];
        Span<byte> input = stackalloc byte[36];
        Span<byte> block = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), input[..32]);
        for (var start = 0; start < dimensions; start += 8)
        {
            BinaryPrimitives.WriteInt32LittleEndian(input[32..], start / 8);
            SHA256.HashData(input, block);
            for (var j = 0; j < 8 && start + j < dimensions; j++)
            {
                vector[start + j] = (float)((BinaryPrimitives.ReadUInt32LittleEndian(block[(j * 4)..]) / (double)uint.MaxValue * 2) - 1);
            }
        }

        double sum = 0;
        foreach (var value in vector)
        {
            sum += (double)value * value;
        }

        var norm = Math.Sqrt(sum);
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = norm > 0 ? (float)(vector[i] / norm) : (i == 0 ? 1 : 0);
        }

        return vector;
    }
}
