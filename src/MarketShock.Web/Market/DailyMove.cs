namespace MarketShock.Market;

/// <summary>
/// The derived figures of one company-day (see "How the numbers are computed" in the README), read through the
/// view <c>daily_moves</c> over the price rows that store them. They are written only by <see cref="ShockAnalytics"/>,
/// from the stored prices and share counts.
/// </summary>
public sealed class DailyMove
{
    public int CompanyId { get; set; }
    public DateOnly Date { get; set; }
    public decimal Close { get; set; }
    public DateOnly? PreviousDate { get; set; }
    public decimal? PreviousClose { get; set; }

    /// <summary>r_t as a fraction; null on the first day of the series.</summary>
    public double? Change { get; set; }

    /// <summary>More than 5 calendar days since the previous row: the move spans a gap in the data and is left out of rankings.</summary>
    public bool AfterGap { get; set; }

    /// <summary>
    /// The close moved by a common split ratio (within 2%) on a day without a recorded split: more likely a split missing from the
    /// splits file than a real move, so it is left out of rankings, σ and the market's totals, like a move after a gap.
    /// </summary>
    public bool SuspectedSplit { get; set; }

    /// <summary>A move that counts in rankings, σ and the market's totals: it has a change, not across a gap, not a suspected split.</summary>
    public bool Ranked { get; set; }

    public long? Shares { get; set; }

    /// <summary>S_t came from a later observation (the day is before the company's first share count).</summary>
    public bool SharesApproximate { get; set; }

    public decimal? MarketCap { get; set; }
    public decimal? MarketCapBefore { get; set; }
    public decimal? MarketCapChange { get; set; }

    /// <summary>M_{t−1} and ΔM_t use a share count taken from a later observation.</summary>
    public bool MarketCapApproximate { get; set; }

    /// <summary>σ_t as a fraction; null with fewer than 60 earlier changes.</summary>
    public double? Volatility { get; set; }

    public double? ZScore { get; set; }
}
