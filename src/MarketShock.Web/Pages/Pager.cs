namespace MarketShock.Pages;

/// <summary>Where a paged list is: page <see cref="Number"/> of <see cref="Count"/>, <see cref="Total"/> items in all.</summary>
public sealed record Pager(int Number, int Count, int Total)
{
    public static Pager For(int requested, int total, int pageSize) =>
        new(requested, Math.Max(1, (total + pageSize - 1) / pageSize), total);

    public bool Exists => Number >= 1 && Number <= Count;
    public int Skip(int pageSize) => (Number - 1) * pageSize;
}
