using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MarketShock.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app or a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MarketShockDbContext>
{
    public MarketShockDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<MarketShockDbContext>()
        .UseNpgsql("Host=localhost;Database=marketshock")
        .UseSnakeCaseNamingConvention()
        .Options);
}
