using System;
using System.Buffers;

namespace PairwiseLoss;

/// <summary>
/// Scratch memory: the caller's stack span when the length fits in it, otherwise an array from the shared pool,
/// returned on <see cref="Dispose"/>. Keeps the "stackalloc or rent" pattern in one place.
/// </summary>
internal ref struct Scratch<T>
    where T : unmanaged
{
    private readonly T[]? _rented;

    public Scratch(Span<T> stack, int length)
    {
        if (length <= stack.Length)
        {
            Span = stack.Slice(0, length);
            _rented = null;
        }
        else
        {
            _rented = ArrayPool<T>.Shared.Rent(length);
            Span = _rented.AsSpan(0, length);
        }
    }

    public Span<T> Span { get; }

    public readonly void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<T>.Shared.Return(_rented);
        }
    }
}
