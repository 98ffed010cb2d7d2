using MarketShock.Imports;

namespace MarketShock.Market;

/// <summary>The figures of one price row, as write_figures.sql computes them.</summary>
internal readonly record struct RowFigures(
    DateOnly? PreviousDate, decimal? PreviousClose, double? Change, bool AfterGap, bool SuspectedSplit, bool Ranked,
    long? PreviousShares, PgNumeric? MarketCapChange, PgNumeric? MarketCapBefore, bool MarketCapApproximate,
    double? Volatility, double? ZScore, int RunningCount, PgNumeric RunningSum, PgNumeric RunningSumOfSquares);

/// <summary>
/// The figures of a company's price rows, computed row by row in date order as a first load reads them: the same
/// figures, to the last digit, as write_figures.sql computes for a series (the numeric steps in <see cref="PgNumeric"/>,
/// the floating-point ones in double as PostgreSQL's float8). Keeps the running figures of the last 251 rows, for σ's window.
/// </summary>
internal sealed class SeriesFigures
{
    private const int Window = ShockAnalytics.VolatilityWindow;

    private static readonly PgNumeric SplitMinimum = PgNumeric.Parse(StagedRows.SplitMinimumLiteral);
    private static readonly PgNumeric SplitTolerance = PgNumeric.Parse(StagedRows.SplitToleranceLiteral);
    private static readonly PgNumeric[] SplitRatios = [.. StagedRows.SplitRatioLiterals.Select(PgNumeric.Parse)];

    // The running figures of the last Window + 1 rows, row i at i % (Window + 1).
    private readonly (int Count, PgNumeric Sum, PgNumeric SumOfSquares)[] _running = new (int, PgNumeric, PgNumeric)[Window + 1];
    private int _rows;
    private DateOnly _previousDate;
    private PgNumeric _previousClose;
    private decimal _previousCloseValue;
    private long? _previousShares;
    private bool _previousApproximate;
    private (int Count, PgNumeric Sum, PgNumeric SumOfSquares) _toDate = (0, PgNumeric.Zero, PgNumeric.Zero);

    /// <summary>The next row of the series, after every row given before.</summary>
    /// <param name="close">The close as stored, numeric(19,6).</param>
    /// <param name="splitRecorded">A split is recorded on this day: its move is not a suspected one.</param>
    public RowFigures Next(DateOnly date, decimal close, long? shares, bool sharesApproximate, bool splitRecorded)
    {
        var closeNumeric = PgNumeric.FromDecimal(close, 6);
        var first = _rows == 0;
        // round(close, 20) / previous_close − 1: at a fixed 20 decimal places or more (see write_figures.sql).
        PgNumeric? exactChange = first ? null : closeNumeric.WithScale(20) / _previousClose - PgNumeric.One;
        var afterGap = !first && date.DayNumber - _previousDate.DayNumber > ShockAnalytics.MaxCalendarDaysBetweenSessions;
        var suspectedSplit = !first && !splitRecorded && IsSplitSized(_previousClose, closeNumeric);
        var ranked = exactChange is not null && !afterGap && !suspectedSplit;
        PgNumeric? previousShares = first || _previousShares is not { } s ? null : PgNumeric.FromInteger(s);
        var marketCapChange = previousShares is { } before ? (closeNumeric - _previousClose) * before : (PgNumeric?)null;
        var marketCapBefore = previousShares is { } count ? _previousClose * count : (PgNumeric?)null;

        // An unranked row adds 0 (of scale 0, so the sums keep theirs).
        if (ranked && exactChange is { } change)
            _toDate = (_toDate.Count + 1, _toDate.Sum + change, _toDate.SumOfSquares + change * change);

        // σ's window: the running figures of the row before less those of the row 251 before (none: zero).
        var slot = _rows % (Window + 1);
        var (countBefore, sumBefore, squaresBefore) = first ? (0, PgNumeric.Zero, PgNumeric.Zero) : _running[(_rows - 1) % (Window + 1)];
        var (countOut, sumOut, squaresOut) = _rows > Window ? _running[slot] : (0, PgNumeric.Zero, PgNumeric.Zero);
        var sample = countBefore - countOut;
        double? volatility = null;
        if (sample >= ShockAnalytics.MinimumVolatilitySample)
        {
            var sum = sumBefore - sumOut;
            var numerator = PgNumeric.FromInteger(sample) * (squaresBefore - squaresOut) - sum * sum;
            volatility = Math.Sqrt(numerator.ToDouble() / ((long)sample * (sample - 1)));
        }
        var changeDouble = exactChange?.ToDouble();
        double? z = volatility > 0 && ranked ? changeDouble / volatility : null;

        var figures = new RowFigures(first ? null : _previousDate, first ? null : _previousCloseValue, changeDouble, afterGap, suspectedSplit,
            ranked, first ? null : _previousShares, marketCapChange, marketCapBefore, !first && _previousApproximate, volatility, z,
            _toDate.Count, _toDate.Sum, _toDate.SumOfSquares);
        _running[slot] = _toDate;
        _rows++;
        (_previousDate, _previousClose, _previousCloseValue, _previousShares, _previousApproximate) =
            (date, closeNumeric, Math.Round(close, 6, MidpointRounding.AwayFromZero), shares, sharesApproximate);
        return figures;
    }

    /// <summary>suspected_split of write_figures.sql (the rule of <see cref="StagedRows.IsSplitSized"/>), in numeric.</summary>
    private static bool IsSplitSized(PgNumeric previous, PgNumeric close)
    {
        if (previous >= SplitMinimum * close)
            return NearRatio(previous / close);
        if (close >= SplitMinimum * previous)
            return NearRatio(close / previous);
        return false;
    }

    private static bool NearRatio(PgNumeric ratio)
    {
        var whole = ratio.Round(0);
        return SplitRatios.Any(r => r.ValueEquals(whole)) && (ratio / whole - PgNumeric.One).Abs() <= SplitTolerance;
    }
}
