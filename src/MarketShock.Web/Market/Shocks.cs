using System.Linq.Expressions;
using MarketShock.Imports;

namespace MarketShock.Market;

/// <summary>The shock rule of DESIGN.md as query predicates, so that every page and endpoint marks the same days.</summary>
internal static class Shocks
{
    /// <summary>A ranked down day: a move down that does not span a gap in the data.</summary>
    public static readonly Expression<Func<DailyMove, bool>> IsDownDay = m => m.Change < 0 && !m.AfterGap;

    /// <summary>
    /// A down day whose close fell to within 2% of 1/R of the previous one for a common split ratio R: more
    /// likely a split missing from the splits file than a crash, so it is never a shock (the importer warns of it).
    /// </summary>
    public static Expression<Func<DailyMove, bool>> IsSuspectedSplit
    {
        get
        {
            var move = Expression.Parameter(typeof(DailyMove), "m");
            var change = Expression.Property(move, nameof(DailyMove.Change));
            Expression any = Expression.Constant(false);
            foreach (var ratio in StagedRows.SplitRatios)
            {
                // before / after within 2% of R  ⇔  1 + r between 1 / (1.02 R) and 1 / (0.98 R).
                var low = Expression.Constant(1 / (1.02 * ratio) - 1, typeof(double?));
                var high = Expression.Constant(1 / (0.98 * ratio) - 1, typeof(double?));
                any = Expression.OrElse(any, Expression.AndAlso(Expression.GreaterThanOrEqual(change, low), Expression.LessThanOrEqual(change, high)));
            }
            return Expression.Lambda<Func<DailyMove, bool>>(any, move);
        }
    }

    /// <summary>A shock: a down day past any of the thresholds, and not a suspected split.</summary>
    public static Expression<Func<DailyMove, bool>> IsShock(ShockOptions options)
    {
        var (minZ, minDrop, minLoss) = (-options.MinSigma, -options.MinDropPct / 100, -options.MinLossUsd);
        Expression<Func<DailyMove, bool>> pastThreshold = m => m.Change < 0 && !m.AfterGap
            && (m.ZScore <= minZ || m.Change <= minDrop || m.MarketCapChange <= minLoss);
        var split = IsSuspectedSplit;
        var notSplit = Expression.Not(new Rebind(split.Parameters[0], pastThreshold.Parameters[0]).Visit(split.Body));
        return Expression.Lambda<Func<DailyMove, bool>>(Expression.AndAlso(pastThreshold.Body, notSplit), pastThreshold.Parameters);
    }

    /// <summary>The same rule on a row in memory.</summary>
    public static bool Matches(ShockOptions options, double? change, bool afterGap, double? zScore, decimal? marketCapChange) =>
        change < 0 && !afterGap
        && (zScore <= -options.MinSigma || change <= -options.MinDropPct / 100 || marketCapChange <= -options.MinLossUsd)
        && !StagedRows.SplitRatios.Any(ratio => change >= 1 / (1.02 * ratio) - 1 && change <= 1 / (0.98 * ratio) - 1);

    /// <summary>Puts one lambda's parameter in place of another's, so that two predicates combine into one EF Core can translate.</summary>
    private sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
