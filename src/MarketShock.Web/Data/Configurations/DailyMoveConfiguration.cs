using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

/// <summary>
/// The figures of each day, read through the view <c>daily_moves</c> over the price rows that carry them (see
/// <see cref="DailyPriceConfiguration"/>; the view is created by the migration FiguresInPriceRows).
/// </summary>
internal sealed class DailyMoveConfiguration : IEntityTypeConfiguration<DailyMove>
{
    public const string View = "daily_moves";

    public void Configure(EntityTypeBuilder<DailyMove> move)
    {
        move.HasKey(m => new { m.CompanyId, m.Date });
        move.ToView(View);
        move.Property(m => m.Close).HasPrecision(ColumnLimits.Price);
        move.Property(m => m.PreviousClose).HasPrecision(ColumnLimits.Price);
        move.Property(m => m.MarketCap).HasPrecision(ColumnLimits.MarketCap);
        move.Property(m => m.MarketCapBefore).HasPrecision(ColumnLimits.MarketCap);
        move.Property(m => m.MarketCapChange).HasPrecision(ColumnLimits.MarketCap);
    }
}
