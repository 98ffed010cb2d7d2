using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace MarketShock.Cards;

/// <summary>
/// Rendered cards by version (the ETag), bounded in bytes. Concurrent requests for a card not yet drawn wait for
/// one drawing: a chat link posted to a busy channel brings many unfurlers at once.
/// </summary>
internal sealed class CardCache : IDisposable
{
    public const long SizeLimitBytes = 64 * 1024 * 1024;

    private readonly MemoryCache _cards = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _drawing = new();
    private long _rendered;

    /// <summary>How many cards have been drawn since the start (a cache hit draws none).</summary>
    public long Rendered => Interlocked.Read(ref _rendered);

    public byte[] GetOrRender(string version, Func<byte[]> render)
    {
        if (_cards.TryGetValue(version, out byte[]? png))
            return png!;
        // The drawing checks the cache again: a request that missed it just before another finished must not draw twice.
        var drawing = _drawing.GetOrAdd(version, key => new Lazy<byte[]>(() =>
            _cards.TryGetValue(key, out byte[]? hit) ? hit! : Draw(render), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            png = drawing.Value;
            _cards.Set(version, png, new MemoryCacheEntryOptions { Size = png.Length, SlidingExpiration = TimeSpan.FromDays(1) });
            return png;
        }
        finally
        {
            _drawing.TryRemove(KeyValuePair.Create(version, drawing));
        }
    }

    private byte[] Draw(Func<byte[]> render)
    {
        Interlocked.Increment(ref _rendered);
        return render();
    }

    public void Dispose() => _cards.Dispose();
}
