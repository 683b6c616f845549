using System.Buffers;

namespace LlmGateway.Http;

/// <summary>Bytes in an array rented from the shared pool; returned on dispose.</summary>
internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[]? _array;

    public PooledBuffer(int initialCapacity) => _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    /// <summary>Room to write at least <paramref name="sizeHint"/> more bytes; call <see cref="Advance"/> after.</summary>
    public Memory<byte> GetMemory(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_array is null, this);
        if (_array.Length - Length < sizeHint)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Length + sizeHint));
            _array.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }

        return _array.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(Math.Max(sizeHint, 1)).Span;

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint) => GetMemory(Math.Max(sizeHint, 1));

    public void Advance(int count) => Length += count;

    /// <summary>Drops the bytes after <paramref name="length"/>.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)Length, nameof(length));
        Length = length;
    }

    public void Dispose()
    {
        if (_array is { } array)
        {
            _array = null;
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
