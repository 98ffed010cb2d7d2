namespace MarketShock.Market;

/// <summary>A stock split effective at the open of <see cref="Date"/>: one old share became <see cref="Ratio"/> shares.</summary>
public sealed class Split
{
    public int CompanyId { get; set; }
    public DateOnly Date { get; set; }
    public decimal Ratio { get; set; }
}
