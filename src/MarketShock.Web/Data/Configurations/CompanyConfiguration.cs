using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> company)
    {
        company.HasIndex(c => c.Ticker).IsUnique();
        company.Property(c => c.Ticker).HasMaxLength(15);
        company.Property(c => c.Name).HasMaxLength(200);
        company.Property(c => c.Sector).HasMaxLength(100);
        company.Property(c => c.Industry).HasMaxLength(100);
        company.Property(c => c.Exchange).HasMaxLength(50);
        company.Property(c => c.Currency).HasMaxLength(3).HasDefaultValue("USD");
    }
}
