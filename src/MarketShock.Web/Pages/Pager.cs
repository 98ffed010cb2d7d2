using System.Globalization;

namespace MarketShock.Pages;

/// <summary>Where a paged list is: page <see cref="Number"/> of <see cref="Count"/>, <see cref="Total"/> items in all.</summary>
public sealed record Pager(int Number, int Count, int Total)
{
    public const string Parameter = "p";

    public static Pager For(int requested, int total, int pageSize) =>
        new(requested, Math.Max(1, (total + pageSize - 1) / pageSize), total);

    /// <summary>More items than <see cref="Total"/> exist: the count stopped there, and the pages with it.</summary>
    public bool AtLeast { get; init; }

    /// <summary>"1,234", or "10,000+" when the count stopped.</summary>
    public string TotalText => Display.Count(Total, AtLeast);

    /// <summary>The query values every page link keeps besides the page number: a filtered list's filters.</summary>
    public IReadOnlyDictionary<string, string> Keep { get; init; } = new Dictionary<string, string>();

    public bool Exists => Number >= 1 && Number <= Count;
    public int Skip(int pageSize) => (Number - 1) * pageSize;

    /// <summary>The query values of page <paramref name="number"/>; page 1 is the address without p.</summary>
    public Dictionary<string, string> LinkTo(int number)
    {
        var values = new Dictionary<string, string>(Keep);
        if (number > 1)
            values[Parameter] = number.ToString(CultureInfo.InvariantCulture);
        return values;
    }
}
