using System.Globalization;

namespace MarketShock.Imports;

/// <summary>A day-to-day move of one ticker in a file whose size matches a common split ratio.</summary>
internal sealed record Jump(string Ticker, DateOnly Before, decimal CloseBefore, DateOnly After, decimal CloseAfter);

/// <summary>
/// What the importer learns about the rows it stages as they stream by — tickers, date range, count,
/// whether each ticker's dates only move one way, and split-sized jumps — so that none of it needs another
/// pass over the staged rows. Memory grows with the number of tickers, not of rows.
/// </summary>
internal sealed class StagedRows
{
    public const int MaxJumps = 1000;

    /// <summary>Common split ratios and their inverses (reverse splits); a move within 2% of one is suspect.</summary>
    public static readonly double[] SplitRatios = [2, 3, 4, 5, 8, 10, 15, 20];

    /// <summary>How close to a split ratio a move must come to be suspect (the figures' suspected_split uses the same rule).</summary>
    public const double SplitTolerance = 0.02;

    /// <summary>The rule's numbers as the figures compute with them, in numeric (write_figures.sql, and a first load in C#):
    /// the ratios, the tolerance, and the smallest move that can be near a ratio (the smallest ratio less its tolerance).</summary>
    public static readonly string[] SplitRatioLiterals = [.. SplitRatios.Select(r => r.ToString(CultureInfo.InvariantCulture))];
    public static readonly string SplitToleranceLiteral = SplitTolerance.ToString(CultureInfo.InvariantCulture);
    public static readonly string SplitMinimumLiteral = (SplitRatios.Min() * (1 - SplitTolerance)).ToString(CultureInfo.InvariantCulture);

    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private string? _lastTicker;
    private Series? _lastSeries;

    public int Count { get; private set; }
    public DateOnly? First { get; private set; }
    public DateOnly? Last { get; private set; }
    public List<Jump> Jumps { get; } = [];

    /// <summary>True when no ticker can appear twice on one date: each ticker's dates strictly rise or strictly fall.</summary>
    public bool KeysAreUnique { get; private set; } = true;

    public IEnumerable<string> Tickers => _series.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<(string Ticker, DateOnly First, DateOnly Last)> Ranges =>
        _series.Where(s => s.Value.First is not null).Select(s => (s.Key, s.Value.First!.Value, s.Value.Last!.Value));

    public void Add(string ticker, DateOnly? date, decimal? close)
    {
        Count++;
        var series = ReferenceEquals(ticker, _lastTicker) ? _lastSeries : _series.GetValueOrDefault(ticker);
        if (series is null)
            _series[ticker] = series = new Series();
        else if (date is null)
            KeysAreUnique = false; // a second row for a ticker in a file keyed by ticker alone
        (_lastTicker, _lastSeries) = (ticker, series);
        if (date is not { } day)
            return;
        First = First is { } first && first <= day ? first : day;
        Last = Last is { } last && last >= day ? last : day;

        if (series.Previous is { } previous)
        {
            var direction = day.CompareTo(previous);
            if (direction == 0 || (series.Direction != 0 && direction != series.Direction))
                KeysAreUnique = false;
            series.Direction = direction;
            if (close is { } now && series.PreviousClose is { } then)
                NoteJump(ticker, direction > 0 ? (previous, then, day, now) : (day, now, previous, then));
        }
        series.First = series.First is { } f && f <= day ? f : day;
        series.Last = series.Last is { } l && l >= day ? l : day;
        series.Previous = day;
        series.PreviousClose = close;
    }

    private const double SmallestMove = 2 * (1 - SplitTolerance);

    /// <remarks>Runs for every row of a price file, so it works in doubles and rejects ordinary moves first.</remarks>
    public static bool IsSplitSized(decimal before, decimal after)
    {
        if (before <= 0 || after <= 0)
            return false;
        var ratio = (double)before / (double)after;
        if (ratio is > 1 / SmallestMove and < SmallestMove)
            return false;
        foreach (var split in SplitRatios)
        {
            if (Math.Abs(ratio / split - 1) <= SplitTolerance || Math.Abs(1 / ratio / split - 1) <= SplitTolerance)
                return true;
        }
        return false;
    }

    private void NoteJump(string ticker, (DateOnly Before, decimal CloseBefore, DateOnly After, decimal CloseAfter) move)
    {
        if (Jumps.Count < MaxJumps && IsSplitSized(move.CloseBefore, move.CloseAfter))
            Jumps.Add(new Jump(ticker, move.Before, move.CloseBefore, move.After, move.CloseAfter));
    }

    private sealed class Series
    {
        public DateOnly? First;
        public DateOnly? Last;
        public DateOnly? Previous;
        public decimal? PreviousClose;
        public int Direction;
    }
}
