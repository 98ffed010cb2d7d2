namespace MarketShock.Market;

/// <summary>One session of one company. Close is split-adjusted to today's basis (see DESIGN.md).</summary>
public sealed class DailyPrice
{
    public int CompanyId { get; set; }
    public DateOnly Date { get; set; }
    public decimal? Open { get; set; }
    public decimal? High { get; set; }
    public decimal? Low { get; set; }
    public decimal Close { get; set; }
    public decimal? AdjustedClose { get; set; }
    public long? Volume { get; set; }
}
