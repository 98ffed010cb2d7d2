using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class DailyMoveConfiguration : IEntityTypeConfiguration<DailyMove>
{
    // The leaderboard's filters: ranked down days (not after a gap, not a suspected split).
    private const string Shock = "change < 0 AND ranked";

    public void Configure(EntityTypeBuilder<DailyMove> move)
    {
        move.HasKey(m => new { m.CompanyId, m.Date });
        // The table also has running_count, running_sum and running_sum_of_squares, the running figures σ is computed from
        // (migration RunningSumsForVolatility): numeric beyond decimal's range, written and read only by insert_moves.sql.
        // No foreign key to companies, as for daily_prices: rows come only from stored prices, and the per-row
        // check added a tenth to the time of a recomputation.
        move.Property(m => m.Close).HasPrecision(19, 6);
        move.Property(m => m.PreviousClose).HasPrecision(19, 6);
        move.Property(m => m.MarketCap).HasPrecision(28, 6);
        move.Property(m => m.MarketCapBefore).HasPrecision(28, 6);
        move.Property(m => m.MarketCapChange).HasPrecision(28, 6);
        // A date's moves (the market day, the min and max date), and its largest losses and gains from both ends.
        move.HasIndex(m => new { m.Date, m.MarketCapChange });
        // The leaderboard sorted by $ loss, % change or sigma reads these in order and stops at the page.
        move.HasIndex(m => m.MarketCapChange).HasFilter(Shock).HasDatabaseName("ix_daily_moves_shocks_by_loss");
        move.HasIndex(m => m.Change).HasFilter(Shock).HasDatabaseName("ix_daily_moves_shocks_by_change");
        // It also carries what the shock rule and the filters read, so that the leaderboard's capped count is an index-only scan
        // that stops at the cap: at 30 M moves, counting from the table read 150 MB of it (0.35 s warm, 4.6 s cold), this index
        // 9,645 of its pages (5 ms). Sorted by z, the first days it meets are the shocks of z ≤ −4.
        move.HasIndex(m => m.ZScore).HasFilter(Shock).HasDatabaseName("ix_daily_moves_shocks_by_sigma")
            .IncludeProperties(m => new { m.Change, m.MarketCapChange, m.Date, m.CompanyId });
        // The ranks in company and worst-since that daily_move_history finds on read: the company's ranked days below a change or a ΔM.
        move.HasIndex(m => new { m.CompanyId, m.Change }).HasFilter("ranked")
            .HasDatabaseName("ix_daily_moves_ranked_by_change");
        move.HasIndex(m => new { m.CompanyId, m.MarketCapChange }).HasFilter("market_cap_change IS NOT NULL AND ranked")
            .HasDatabaseName("ix_daily_moves_ranked_by_loss");
    }
}
