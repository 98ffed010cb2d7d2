namespace MarketShock.Market;

/// <summary>
/// One date across the tracked companies with a market cap: ΣΔM, ΣM_{t−1}, decliners and advancers.
/// <see cref="Sector"/> is empty for the whole market, otherwise the companies of one sector.
/// </summary>
public sealed class MarketDay
{
    public const string AllSectors = "";

    public DateOnly Date { get; set; }
    public string Sector { get; set; } = AllSectors;
    public decimal MarketCapChange { get; set; }
    public decimal MarketCapBefore { get; set; }
    public int Companies { get; set; }
    public int Decliners { get; set; }
    public int Advancers { get; set; }

    /// <summary>Some of the companies' figures use a share count taken from a later observation.</summary>
    public bool Approximate { get; set; }

    /// <summary>ΣΔM / ΣM_{t−1}, in percent.</summary>
    public double ChangePct => MarketCapBefore == 0 ? 0 : (double)(MarketCapChange / MarketCapBefore) * 100;
}
