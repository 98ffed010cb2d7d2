namespace MarketShock.Market;

/// <summary>
/// One calendar month of a company's series, summed up for the charts of its whole history: how many days it has, its first
/// and last, the days of its lowest and highest value (the market cap, or the close without share counts; the earliest of
/// equal ones), and the bin of the distribution each of its ranked changes falls in (<see cref="CompanyHistory.BinIndex"/>).
/// Written only by <see cref="ShockAnalytics"/> (Market/Sql/write_months.sql), with the figures of the month's rows: a new
/// day rewrites its own month and no other, and a page draws a long history from a few hundred of these instead of
/// reading thousands of days.
/// </summary>
public sealed class CompanyMonth
{
    public int CompanyId { get; set; }

    /// <summary>The month's first calendar day.</summary>
    public DateOnly Month { get; set; }

    public int Days { get; set; }
    public DateOnly FirstDate { get; set; }
    public DateOnly LastDate { get; set; }
    public DateOnly LowDate { get; set; }
    public DateOnly HighDate { get; set; }

    /// <summary>The bin of each of the month's ranked changes, in ascending order: a whole history's distribution is their
    /// count per bin, a few thousand small numbers to add up (counted per bin in SQL, every month cost the recomputation of a
    /// market 80 s more at 30 M rows).</summary>
    public short[] Bins { get; set; } = [];
}
