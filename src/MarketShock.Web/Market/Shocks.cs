using System.Linq.Expressions;

namespace MarketShock.Market;

/// <summary>The shock rule of DESIGN.md as query predicates, so that every page and endpoint marks the same days.</summary>
internal static class Shocks
{
    /// <summary>A ranked down day: a move down that does not span a gap in the data and is not a suspected split.</summary>
    public static readonly Expression<Func<DailyMove, bool>> IsDownDay = m => m.Change < 0 && m.Ranked;

    /// <summary>A shock: a ranked down day past any of the thresholds (a suspected unrecorded split is never ranked).</summary>
    public static Expression<Func<DailyMove, bool>> IsShock(ShockOptions options)
    {
        var (minZ, minDrop, minLoss) = (-options.MinSigma, -options.MinDropPct / 100, -options.MinLossUsd);
        return m => m.Change < 0 && m.Ranked && (m.ZScore <= minZ || m.Change <= minDrop || m.MarketCapChange <= minLoss);
    }

    /// <summary>The same rule on a row in memory.</summary>
    public static bool Matches(ShockOptions options, double? change, bool ranked, double? zScore, decimal? marketCapChange) =>
        change < 0 && ranked
        && (zScore <= -options.MinSigma || change <= -options.MinDropPct / 100 || marketCapChange <= -options.MinLossUsd);
}
