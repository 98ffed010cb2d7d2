using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class MarketDayConfiguration : IEntityTypeConfiguration<MarketDay>
{
    public void Configure(EntityTypeBuilder<MarketDay> day)
    {
        day.HasKey(d => new { d.Date, d.Sector });
        day.Property(d => d.Sector).HasMaxLength(100);
        day.Property(d => d.MarketCapChange).HasPrecision(ColumnLimits.MarketCap);
        day.Property(d => d.MarketCapBefore).HasPrecision(ColumnLimits.MarketCap);
    }
}
