namespace MarketShock.Market;

/// <summary>A tracked listing. Ticker is the public key in every URL; Id is the join key.</summary>
public sealed class Company
{
    /// <summary>The longest name, sector, industry and exchange stored: the columns' lengths, checked by the import and the admin's edit.</summary>
    public const int NameLength = 200, SectorLength = 100, IndustryLength = 100, ExchangeLength = 50;

    public int Id { get; set; }
    public required string Ticker { get; set; }
    public required string Name { get; set; }
    public string? Sector { get; set; }
    public string? Industry { get; set; }
    public string? Exchange { get; set; }
    public string Currency { get; set; } = "USD";
}
