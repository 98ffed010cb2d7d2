namespace MarketShock.Market;

/// <summary>
/// The figures of a company-day that depend on the rest of its series: its rank among the company's days, the latest earlier day as
/// bad, its recovery and its open drawdown. They are computed where they are read (the view <c>daily_move_history</c>, a few index probes for one row), not stored,
/// so that a new day writes its own row and none of the stored history (see "How the numbers are computed" in the README).
/// </summary>
public sealed class MoveHistory
{
    public int CompanyId { get; set; }
    public DateOnly Date { get; set; }

    /// <summary>1 + the company's ranked days with a smaller ΔM; null when the day has no ΔM or is not ranked.</summary>
    public int? RankByLoss { get; set; }

    /// <summary>1 + the company's ranked days with a smaller change; null on the first day and after a gap.</summary>
    public int? RankByChange { get; set; }

    /// <summary>For a ranked down day: the latest earlier ranked day with a change at least as bad; null means the worst in the data so far.</summary>
    public DateOnly? WorstSince { get; set; }

    /// <summary>For a down day: the first later day whose close is at least the previous close.</summary>
    public DateOnly? RecoveryDate { get; set; }

    /// <summary>Trading days from the day to <see cref="RecoveryDate"/>.</summary>
    public int? RecoveryDays { get; set; }

    /// <summary>For a down day not yet recovered: the latest close against C_{t−1}, as a fraction (negative).</summary>
    public double? OpenDrawdown { get; set; }
}
