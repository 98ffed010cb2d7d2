namespace MarketShock.Market;

/// <summary>A dated share-count observation; it holds until the next one.</summary>
public sealed class SharesOutstanding
{
    public int CompanyId { get; set; }
    public DateOnly Date { get; set; }
    public long Shares { get; set; }
}
