using System.ComponentModel.DataAnnotations;

namespace MarketShock.Market;

/// <summary>
/// What counts as a shock (DESIGN.md): a ranked down day, not a suspected unrecorded split, that meets any of
/// the three thresholds. From the MarketShock:Shocks section.
/// </summary>
public sealed class ShockOptions
{
    public const string Section = "MarketShock:Shocks";

    /// <summary>z_t at or below −MinSigma.</summary>
    [Range(0.0, 1000.0)]
    public double MinSigma { get; set; } = 4;

    /// <summary>r_t at or below −MinDropPct percent.</summary>
    [Range(0.0, 100.0)]
    public double MinDropPct { get; set; } = 10;

    /// <summary>ΔM_t at or below −MinLossUsd US dollars.</summary>
    [Range(typeof(decimal), "0", "1000000000000000")]
    public decimal MinLossUsd { get; set; } = 100_000_000_000m;
}

/// <summary>The reader pages' settings from the MarketShock section: the benchmark of the market-adjusted move.</summary>
public sealed class ReaderOptions
{
    public const string Section = "MarketShock";

    /// <summary>The ticker whose change is subtracted for the market-adjusted move; ignored when it has no prices.</summary>
    [Required, StringLength(15, MinimumLength = 1)]
    public string Benchmark { get; set; } = "QQQ";
}
