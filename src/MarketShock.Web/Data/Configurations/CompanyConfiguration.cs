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
        company.Property(c => c.Name).HasMaxLength(Company.NameLength);
        company.Property(c => c.Sector).HasMaxLength(Company.SectorLength);
        company.Property(c => c.Industry).HasMaxLength(Company.IndustryLength);
        company.Property(c => c.Exchange).HasMaxLength(Company.ExchangeLength);
        company.Property(c => c.Currency).HasMaxLength(3).HasDefaultValue("USD");
    }
}
