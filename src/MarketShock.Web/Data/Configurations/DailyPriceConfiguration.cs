using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

/// <summary>
/// A price row also carries the figures of its day (<see cref="DailyMove"/>, read through the view <c>daily_moves</c>), so
/// that an import writes each company-day once: a second table of moves, as wide as three price rows with seven indexes of
/// its own, was most of the time of a large import (migration FiguresInPriceRows).
/// </summary>
internal sealed class DailyPriceConfiguration : IEntityTypeConfiguration<DailyPrice>
{
    // The leaderboard's filters: ranked down days (not after a gap, not a suspected split).
    private const string Shock = "change < 0 AND ranked";

    public void Configure(EntityTypeBuilder<DailyPrice> price)
    {
        price.HasKey(p => new { p.CompanyId, p.Date });
        // No foreign key to companies: its per-row check locks the company row once per inserted price,
        // which doubles the time of a multi-million-row import. The importer creates companies first.
        price.Property(p => p.Open).HasPrecision(ColumnLimits.Price);
        price.Property(p => p.High).HasPrecision(ColumnLimits.Price);
        price.Property(p => p.Low).HasPrecision(ColumnLimits.Price);
        price.Property(p => p.Close).HasPrecision(ColumnLimits.Price);
        price.Property(p => p.AdjustedClose).HasPrecision(ColumnLimits.Price);
        ConfigureFigures(price);
    }

    /// <summary>
    /// The figures, as shadow properties: written only by <see cref="ShockAnalytics"/> (Market/Sql/write_figures.sql) and read
    /// as <see cref="DailyMove"/>. Null, or false, until computed; running_count is null exactly then. The row also has
    /// running_count, running_sum and running_sum_of_squares, the running figures σ is computed from: numeric beyond
    /// decimal's range, written and read only by SQL, so not in the model.
    /// </summary>
    private static void ConfigureFigures(EntityTypeBuilder<DailyPrice> price)
    {
        price.Property<DateOnly?>(nameof(DailyMove.PreviousDate));
        price.Property<decimal?>(nameof(DailyMove.PreviousClose)).HasPrecision(ColumnLimits.Price);
        price.Property<double?>(nameof(DailyMove.Change));
        foreach (var flag in new[] { nameof(DailyMove.AfterGap), nameof(DailyMove.SuspectedSplit), nameof(DailyMove.Ranked),
                     nameof(DailyMove.SharesApproximate), nameof(DailyMove.MarketCapApproximate) })
            price.Property<bool>(flag).HasDefaultValue(false);
        price.Property<long?>(nameof(DailyMove.Shares));
        // S_{t−1}: M_{t−1} = C_{t−1} × S_{t−1} is computed on read, as M_t = C_t × S_t is.
        price.Property<long?>("PreviousShares");
        price.Property<decimal?>(nameof(DailyMove.MarketCapChange)).HasPrecision(ColumnLimits.MarketCap);
        price.Property<double?>(nameof(DailyMove.Volatility));
        price.Property<double?>(nameof(DailyMove.ZScore));

        // A date's moves (the market day, the min and max date), and its largest losses and gains from both ends.
        price.HasIndex(nameof(DailyPrice.Date), nameof(DailyMove.MarketCapChange)).HasDatabaseName("ix_daily_prices_date_market_cap_change");
        // The leaderboard sorted by $ loss, % change or sigma reads these in order and stops at the page.
        price.HasIndex(nameof(DailyMove.MarketCapChange)).HasFilter(Shock).HasDatabaseName("ix_daily_prices_shocks_by_loss");
        price.HasIndex(nameof(DailyMove.Change)).HasFilter(Shock).HasDatabaseName("ix_daily_prices_shocks_by_change");
        // It also carries what the shock rule and the filters read, so that the leaderboard's capped count is an index-only scan
        // that stops at the cap: at 30 M moves, counting from the table read 150 MB of it (0.35 s warm, 4.6 s cold), this index
        // 9,645 of its pages (5 ms). Sorted by z, the first days it meets are the shocks of z ≤ −4.
        price.HasIndex(nameof(DailyMove.ZScore)).HasFilter(Shock).HasDatabaseName("ix_daily_prices_shocks_by_sigma")
            .IncludeProperties(nameof(DailyMove.Change), nameof(DailyMove.MarketCapChange), nameof(DailyPrice.Date), nameof(DailyPrice.CompanyId));
        // The ranks in company and worst-since that daily_move_history finds on read: the company's ranked days below a change or a ΔM.
        price.HasIndex(nameof(DailyPrice.CompanyId), nameof(DailyMove.Change)).HasFilter("ranked")
            .HasDatabaseName("ix_daily_prices_ranked_by_change");
        price.HasIndex(nameof(DailyPrice.CompanyId), nameof(DailyMove.MarketCapChange)).HasFilter("market_cap_change IS NOT NULL AND ranked")
            .HasDatabaseName("ix_daily_prices_ranked_by_loss");
        // A company's down days in date order, with what the shock rule reads: the permalink counts its shocks, finds the one
        // before and after the day and its worst ones in this index alone (index-only), not in the company's rows.
        price.HasIndex(nameof(DailyPrice.CompanyId), nameof(DailyPrice.Date)).HasFilter(Shock).HasDatabaseName("ix_daily_prices_down_days")
            .IncludeProperties(nameof(DailyMove.Change), nameof(DailyMove.ZScore), nameof(DailyMove.MarketCapChange));
    }
}
